package dev.cirrus.wire;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.cirrus.proto.v1.ErrorDetail;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binary data path's frames, for both sides: {@code [int32 length][byte kind][payload]},
 * big-endian, where length counts the kind and the payload. Released clients speak these bytes:
 * never change them.
 *
 * <ul>
 *   <li>{@link #HELLO} (client, first frame): {@code [int32 n][n bytes: authorization value,
 *       "Bearer <token>"][int32 m][m bytes: client id]}, UTF-8; answered {@link #OK} (empty) or
 *       {@link #ERROR}.
 *   <li>{@link #REQUEST} (client): {@code [byte method][the cirrus.v1 request message]}, the method
 *       by its {@link V1Method#number()}; answered {@link #OK} with the response message or {@link
 *       #ERROR}. A client may write several before it reads: the server runs them one at a time,
 *       in the order they came, and answers them in that order.
 *   <li>{@link #ERROR} (server): {@code [int32 gRPC status code][int32 n][n bytes: description,
 *       UTF-8][the ErrorDetail message, absent when there is none]}, what a gRPC call gets as its
 *       status and trailer.
 *   <li>{@link #GOODBYE} (server, empty): the server is closing this connection without having
 *       read anything from it since its last answer, so a request the client wrote meanwhile was
 *       not run and may be sent again elsewhere.
 * </ul>
 *
 * <p>Writers return the whole frame in one array, to be written with a single write. Nothing here
 * depends on gRPC: status codes are the numbers gRPC publishes.
 */
public final class Frames {
  public static final byte HELLO = 1;
  public static final byte REQUEST = 2;
  public static final byte OK = 3;
  public static final byte ERROR = 4;
  public static final byte GOODBYE = 5;

  /** The length field and the kind byte that start every frame. */
  private static final int HEADER = 5;

  /**
   * The first bytes of every payload, allocated at once: a small payload (every get, most sets)
   * costs one array of its size and no asking.
   */
  public static final int GROWTH_START = 16 * 1024;

  /** A frame as read: its kind and payload. */
  public record Frame(byte kind, byte[] payload) {}

  /** A HELLO's content: the authorization value ("" for none) and the client id. */
  public record HelloPayload(String authorization, String clientId) {}

  /**
   * An ERROR's content.
   *
   * @param statusCode a gRPC status code number (3 is INVALID_ARGUMENT)
   * @param description the status description, "" when there is none
   * @param detail the {@code ErrorDetail}, or null when the frame carries none
   */
  public record ErrorPayload(int statusCode, String description, ErrorDetail detail) {}

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

    /** The length the frame announced, as an unsigned number. */
    public long length() {
      return length;
    }

    public int limit() {
      return limit;
    }
  }

  /**
   * A payload that is not what its kind says; the message names the fault in words that complete
   * "received ..." ("a hello frame that ends early").
   */
  public static final class MalformedFrameException extends EOFException {
    private static final long serialVersionUID = 1L;

    MalformedFrameException(String what) {
      super(what);
    }
  }

  private Frames() {}

  /**
   * Reads one frame, or returns null at a clean end of stream before its first byte.
   *
   * @throws FrameTooLargeException when the length is below 1 or above {@code maxLength}
   * @throws EOFException when the stream ends inside the frame
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
   * @throws EOFException when the stream ends inside the frame
   */
  public static Frame readRest(int b0, DataInputStream in, int maxLength) throws IOException {
    int length = readLength(b0, in, maxLength);
    byte kind = in.readByte();
    return new Frame(kind, readPayload(in, length - 1, Allowance.UNBOUNDED));
  }

  /**
   * Reads the rest of the length field that starts with {@code b0}: the frame's length, its kind
   * and payload, between 1 and {@code maxLength}.
   *
   * @throws FrameTooLargeException when the length is below 1 or above {@code maxLength}
   */
  public static int readLength(int b0, DataInputStream in, int maxLength) throws IOException {
    int length = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
        | in.readUnsignedByte();
    if (length < 1 || length > maxLength) {
      throw new FrameTooLargeException(length & 0xFFFF_FFFFL, maxLength);
    }
    return length;
  }

  /**
   * What the reader of a large payload may allocate for it. A payload of up to {@link
   * #GROWTH_START} bytes is read into one array of its size; a larger one into an array that
   * starts at that size and doubles as the bytes arrive, up to the payload's length, so a peer that
   * announces a large frame and sends little of it costs little. Each growth is asked for first.
   */
  @FunctionalInterface
  public interface Allowance {
    /** Never refuses. */
    Allowance UNBOUNDED = bytes -> true;

    /** Whether the payload being read may take {@code bytes} more bytes of memory. */
    boolean tryTake(int bytes);
  }

  /** A payload whose reader's {@link Allowance} refused it more memory; the connection cannot go on. */
  public static final class AllowanceExceededException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int length;
    private final int unread;

    AllowanceExceededException(int length, int unread) {
      super("a payload of " + length + " bytes exceeds what this reader may hold now");
      this.length = length;
      this.unread = unread;
    }

    /** The payload's length. */
    public int length() {
      return length;
    }

    /** The payload's bytes still in the stream, unread. */
    public int unread() {
      return unread;
    }
  }

  /**
   * Reads a payload of {@code length} bytes into an array that grows as they arrive (see {@link
   * Allowance}).
   *
   * @throws AllowanceExceededException when {@code allowance} refuses a growth
   * @throws EOFException when the stream ends inside the payload
   */
  public static byte[] readPayload(DataInputStream in, int length, Allowance allowance)
      throws IOException {
    return readPayload(in, length, GROWTH_START, allowance);
  }

  /**
   * Reads a payload of {@code length} bytes as {@link #readPayload(DataInputStream, int,
   * Allowance)} does, but into one array of its size when it has at most {@code atOnce} bytes: a
   * reader that trusts its peer's lengths that far saves the copies of growing (for a 100 KiB
   * payload, 112 KiB of arrays besides the payload's own).
   */
  public static byte[] readPayload(DataInputStream in, int length, int atOnce, Allowance allowance)
      throws IOException {
    if (length <= Math.max(atOnce, GROWTH_START)) {
      byte[] payload = new byte[length];
      in.readFully(payload);
      return payload;
    }
    byte[] payload = new byte[GROWTH_START];
    int filled = 0;
    while (true) {
      in.readFully(payload, filled, payload.length - filled);
      filled = payload.length;
      if (filled == length) {
        return payload;
      }
      int grown = (int) Math.min(length, 2L * filled);
      if (!allowance.tryTake(grown - filled)) {
        throw new AllowanceExceededException(length, length - filled);
      }
      payload = Arrays.copyOf(payload, grown);
    }
  }

  /** A HELLO frame with the authorization value ("" for none) and the client id. */
  public static byte[] hello(String authorization, String clientId) {
    byte[] auth = authorization.getBytes(StandardCharsets.UTF_8);
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = header(HELLO, 8 + auth.length + id.length);
    frame.putInt(auth.length).put(auth).putInt(id.length).put(id);
    return frame.array();
  }

  /**
   * A REQUEST frame: the method's number and the message, serialized straight into the frame.
   *
   * @throws IllegalArgumentException when {@code method} is not served on the data path
   */
  public static byte[] request(V1Method method, MessageLite message) {
    int size = message.getSerializedSize();
    byte[] frame = new byte[requestLength(size)];
    requestInto(frame, method, message, size);
    return frame;
  }

  /** The bytes of a REQUEST frame of a message of {@code size} bytes, header included. */
  public static int requestLength(int size) {
    return HEADER + 1 + size;
  }

  /**
   * Makes a REQUEST frame in {@code buffer}, from its start: the bytes of {@link #request}, for a
   * writer that keeps one buffer for all its requests instead of an array for each.
   *
   * @param size {@code message.getSerializedSize()}
   * @return the frame's length, {@link #requestLength}
   * @throws IllegalArgumentException when {@code method} is not served on the data path, or the
   *     buffer is shorter than the frame
   */
  public static int requestInto(byte[] buffer, V1Method method, MessageLite message, int size) {
    requireDataPath(method);
    int length = requestLength(size);
    if (buffer.length < length) {
      throw new IllegalArgumentException("a buffer of " + buffer.length
          + " bytes cannot hold a frame of " + length);
    }
    writeHeader(buffer, REQUEST, 1 + size);
    buffer[HEADER] = method.number();
    serializeInto(buffer, HEADER + 1, size, message);
    return length;
  }

  /**
   * Writes a REQUEST frame to {@code out} as it is serialized, through a buffer of {@link
   * #STREAM_BUFFER} bytes; protobuf writes a bytes field larger than what the buffer has left
   * straight from its own array. So a large value costs a few writes instead of a copy of itself
   * into a frame first (the allocation that drives a client's GC with large values). The bytes on
   * the wire are those of {@link #request}.
   *
   * @param size {@code message.getSerializedSize()}
   */
  public static void writeRequest(OutputStream out, V1Method method, MessageLite message, int size)
      throws IOException {
    requireDataPath(method);
    CodedOutputStream coded = CodedOutputStream.newInstance(out, STREAM_BUFFER);
    int length = 2 + size;
    coded.write((byte) (length >>> 24));
    coded.write((byte) (length >>> 16));
    coded.write((byte) (length >>> 8));
    coded.write((byte) length);
    coded.write(REQUEST);
    coded.write(method.number());
    message.writeTo(coded);
    coded.flush();
  }

  /** Requests whose message is at least this large are best written by {@link #writeRequest}. */
  public static final int STREAM_FROM = 32 * 1024;

  /** The buffer {@link #writeRequest} serializes through: a small message is one write. */
  static final int STREAM_BUFFER = 4 * 1024;

  private static void requireDataPath(V1Method method) {
    if (!method.onDataPath()) {
      throw new IllegalArgumentException(method + " is not served on the data path");
    }
  }

  /** An OK frame carrying {@code message}, serialized straight into the frame. */
  public static byte[] ok(MessageLite message) {
    int size = message.getSerializedSize();
    byte[] frame = frame(OK, size);
    serializeInto(frame, HEADER, size, message);
    return frame;
  }

  /** The length of an OK frame carrying a message of {@code size} bytes. */
  public static int okLength(int size) {
    return HEADER + size;
  }

  /**
   * Writes an OK frame carrying {@code message}, whose serialized size is {@code size}, into
   * {@code into} from its position, which is left after the frame: for a writer that sends from
   * memory of its own (a direct buffer) rather than from an array.
   *
   * @throws BufferOverflowException when fewer than {@link #okLength} bytes remain
   */
  public static void writeOk(ByteBuffer into, MessageLite message, int size) {
    if (into.remaining() < okLength(size)) {
      throw new BufferOverflowException();
    }
    CodedOutputStream out = CodedOutputStream.newInstance(putHeader(into, OK, size));
    try {
      message.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing into a buffer with room for it cannot fail", e);
    }
  }

  /** An empty OK frame: the answer to an accepted HELLO. */
  public static byte[] ok() {
    return header(OK, 0).array();
  }

  /**
   * An ERROR frame.
   *
   * @param statusCode a gRPC status code number
   * @param description the status description; null is sent as ""
   * @param detail the {@code ErrorDetail}, or null to send none
   */
  public static byte[] error(int statusCode, String description, ErrorDetail detail) {
    byte[] text = description == null ? new byte[0] : description.getBytes(StandardCharsets.UTF_8);
    byte[] detailBytes = detail == null ? new byte[0] : detail.toByteArray();
    ByteBuffer frame = header(ERROR, 8 + text.length + detailBytes.length);
    frame.putInt(statusCode).putInt(text.length).put(text).put(detailBytes);
    return frame.array();
  }

  /** A GOODBYE frame. */
  public static byte[] goodbye() {
    return header(GOODBYE, 0).array();
  }

  /**
   * The content of a HELLO payload.
   *
   * @throws MalformedFrameException when the payload is not exactly two length-prefixed strings
   */
  public static HelloPayload parseHello(byte[] payload) throws MalformedFrameException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    String[] fields = new String[2];
    for (int i = 0; i < fields.length; i++) {
      if (in.remaining() < 4) {
        throw new MalformedFrameException("hello frame ends early");
      }
      int n = in.getInt();
      if (n < 0 || n > in.remaining()) {
        throw new MalformedFrameException("hello frame field of " + n + " bytes does not fit");
      }
      fields[i] = new String(payload, in.position(), n, StandardCharsets.UTF_8);
      in.position(in.position() + n);
    }
    if (in.hasRemaining()) {
      throw new MalformedFrameException("hello frame has " + in.remaining() + " bytes too many");
    }
    return new HelloPayload(fields[0], fields[1]);
  }

  /**
   * The content of an ERROR payload.
   *
   * @throws MalformedFrameException when the payload is too short for its description, or what
   *     follows the description is not an {@code ErrorDetail}
   */
  public static ErrorPayload parseError(byte[] payload) throws MalformedFrameException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    if (in.remaining() < 8) {
      throw new MalformedFrameException("an error frame of " + payload.length + " bytes");
    }
    int code = in.getInt();
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new MalformedFrameException("an error description of " + length + " bytes");
    }
    String description = new String(payload, in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    ErrorDetail detail = null;
    if (in.hasRemaining()) {
      try {
        detail = ErrorDetail.parseFrom(in);
      } catch (InvalidProtocolBufferException e) {
        throw new MalformedFrameException("an error detail that does not parse");
      }
    }
    return new ErrorPayload(code, description, detail);
  }

  /**
   * A frame array of {@code payloadLength} payload bytes with its header written by hand: the
   * requests and answers of every call are made here, and a ByteBuffer would be one more object
   * each.
   */
  private static byte[] frame(byte kind, int payloadLength) {
    byte[] frame = new byte[HEADER + payloadLength];
    writeHeader(frame, kind, payloadLength);
    return frame;
  }

  private static void writeHeader(byte[] frame, byte kind, int payloadLength) {
    int length = 1 + payloadLength;
    frame[0] = (byte) (length >>> 24);
    frame[1] = (byte) (length >>> 16);
    frame[2] = (byte) (length >>> 8);
    frame[3] = (byte) length;
    frame[4] = kind;
  }

  /** A frame of {@code payloadLength} payload bytes with its header written, to put the rest. */
  private static ByteBuffer header(byte kind, int payloadLength) {
    return putHeader(ByteBuffer.allocate(HEADER + payloadLength), kind, payloadLength);
  }

  /** Puts a frame's header (its length, then its kind) into {@code into}. */
  private static ByteBuffer putHeader(ByteBuffer into, byte kind, int payloadLength) {
    return into.putInt(1 + payloadLength).put(kind);
  }

  /** Serializes {@code message}, of {@code size} bytes, into {@code into} at {@code offset}. */
  private static void serializeInto(byte[] into, int offset, int size, MessageLite message) {
    CodedOutputStream out = CodedOutputStream.newInstance(into, offset, size);
    try {
      message.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing into an array cannot fail", e);
    }
    out.checkNoSpaceLeft();
  }
}
