package dev.cirrus.server.fastpath;

import dev.cirrus.proto.v1.ErrorDetail;
import io.grpc.Status;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The data path's frames: {@code [int32 length][byte kind][payload]}, big-endian, where length
 * counts the kind and the payload.
 *
 * <ul>
 *   <li>{@link #HELLO} (client, first frame): {@code [int32 n][n bytes: authorization value,
 *       "Bearer <token>"][int32 m][m bytes: client id]}, UTF-8; answered {@link #OK} (empty) or
 *       {@link #ERROR}.
 *   <li>{@link #REQUEST} (client): {@code [byte method][the cirrus.v1 request message]}, method
 *       numbers in {@link DataMethods}; answered {@link #OK} with the response message or {@link
 *       #ERROR}, one request at a time.
 *   <li>{@link #ERROR} (server): {@code [int32 gRPC status code][int32 n][n bytes: description,
 *       UTF-8][the ErrorDetail message]}, what a gRPC call gets as status and trailer.
 *   <li>{@link #GOODBYE} (server): the server is closing this connection without having read
 *       anything from it since its last answer, so a request the client wrote meanwhile was not
 *       run and may be sent again elsewhere.
 * </ul>
 */
public final class Frames {
  public static final byte HELLO = 1;
  public static final byte REQUEST = 2;
  public static final byte OK = 3;
  public static final byte ERROR = 4;
  public static final byte GOODBYE = 5;

  /** A frame as read: its kind and payload. */
  public record Frame(byte kind, byte[] payload) {}

  /** A frame whose length is outside what this side accepts; the connection cannot go on. */
  public static final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long length;
    private final int limit;

    FrameTooLargeException(long length, int limit) {
      super("a frame of " + length + " bytes is over the limit of " + limit + " bytes");
      this.length = length;
      this.limit = limit;
    }

    public long length() {
      return length;
    }

    public int limit() {
      return limit;
    }
  }

  private Frames() {}

  /**
   * Reads one frame, or returns null at a clean end of stream before its first byte.
   *
   * @throws FrameTooLargeException when the length is below 1 or above {@code maxLength}
   */
  public static Frame read(DataInputStream in, int maxLength) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    return readRest(b0, in, maxLength);
  }

  /**
   * Reads the rest of a frame whose first byte was {@code b0}: a server waits for that byte with
   * one deadline (idle) and for the rest with another (a started frame must be finished soon).
   *
   * @throws FrameTooLargeException when the length is below 1 or above {@code maxLength}
   */
  public static Frame readRest(int b0, DataInputStream in, int maxLength) throws IOException {
    int length = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
        | in.readUnsignedByte();
    if (length < 1 || length > maxLength) {
      throw new FrameTooLargeException(length & 0xFFFF_FFFFL, maxLength);
    }
    byte kind = in.readByte();
    byte[] payload = new byte[length - 1];
    in.readFully(payload);
    return new Frame(kind, payload);
  }

  /** {@code [length][kind][payload]} in one array, to be written with a single write. */
  public static byte[] frame(byte kind, byte[] payload) {
    byte[] frame = new byte[5 + payload.length];
    ByteBuffer.wrap(frame).putInt(1 + payload.length).put(kind).put(payload);
    return frame;
  }

  /** An ERROR frame for {@code status} with {@code detail} (may be null). */
  public static byte[] error(Status status, ErrorDetail detail) {
    byte[] description = status.getDescription() == null
        ? new byte[0] : status.getDescription().getBytes(StandardCharsets.UTF_8);
    byte[] detailBytes = detail == null ? new byte[0] : detail.toByteArray();
    ByteBuffer payload = ByteBuffer.allocate(8 + description.length + detailBytes.length);
    payload.putInt(status.getCode().value()).putInt(description.length).put(description)
        .put(detailBytes);
    return frame(ERROR, payload.array());
  }

  /** The two strings of a HELLO payload; refuses a payload that is not two of them. */
  public static String[] hello(byte[] payload) throws EOFException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    String[] fields = new String[2];
    for (int i = 0; i < fields.length; i++) {
      if (in.remaining() < 4) {
        throw new EOFException("hello frame ends early");
      }
      int n = in.getInt();
      if (n < 0 || n > in.remaining()) {
        throw new EOFException("hello frame field of " + n + " bytes does not fit");
      }
      fields[i] = new String(payload, in.position(), n, StandardCharsets.UTF_8);
      in.position(in.position() + n);
    }
    if (in.hasRemaining()) {
      throw new EOFException("hello frame has " + in.remaining() + " bytes too many");
    }
    return fields;
  }
}
