package dev.cirrus.server.fastpath;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.cirrus.proto.v1.ErrorDetail;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import dev.cirrus.wire.Frames;

/** A bare data path connection for tests: writes any bytes, reads frames as they come. */
public final class RawDataConnection implements AutoCloseable {
  /** An ERROR frame's content. */
  public record Refusal(int code, String description, ErrorDetail detail) {}

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  public RawDataConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  /** How long {@link #read} waits for a frame before it fails (10 s unless set). */
  public void readTimeout(java.time.Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void hello(String authorization, String clientId) throws IOException {
    write(frame(Frames.HELLO, helloPayload(authorization, clientId)));
  }

  /** A HELLO frame's payload: the authorization, then the client id. */
  static byte[] helloPayload(String authorization, String clientId) {
    byte[] auth = authorization.getBytes(StandardCharsets.UTF_8);
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + auth.length + id.length)
        .putInt(auth.length).put(auth).putInt(id.length).put(id).array();
  }

  public void request(byte method, MessageLite message) throws IOException {
    request(method, message.toByteArray());
  }

  public void request(byte method, byte[] message) throws IOException {
    write(requestFrame(method, message));
  }

  /** A REQUEST frame of {@code method} carrying {@code message}, to write when the test says. */
  public static byte[] requestFrame(byte method, byte[] message) {
    return frame(Frames.REQUEST, requestPayload(method, message));
  }

  /** A REQUEST frame's payload: the method's number, then its message. */
  static byte[] requestPayload(byte method, byte[] message) {
    byte[] payload = new byte[1 + message.length];
    payload[0] = method;
    System.arraycopy(message, 0, payload, 1, message.length);
    return payload;
  }

  /** {@code [length][kind][payload]}: any payload, well-formed for its kind or not. */
  static byte[] frame(byte kind, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).putInt(1 + payload.length).put(kind)
        .put(payload).array();
  }

  /** The next frame, or null when the server closed the connection. */
  public Frames.Frame read() throws IOException {
    return Frames.read(in, Integer.MAX_VALUE - 8);
  }

  /** The payload of an OK frame; fails naming the refusal otherwise. */
  public static byte[] ok(Frames.Frame frame) throws IOException {
    if (frame == null) {
      throw new AssertionError("the server closed the connection");
    }
    if (frame.kind() != Frames.OK) {
      throw new AssertionError("expected OK, got " + refusal(frame));
    }
    return frame.payload();
  }

  /** A connection to the data path at {@code port} that has said hello with {@code token}. */
  public static RawDataConnection greeted(int port, String token, String clientId)
      throws IOException {
    RawDataConnection connection = new RawDataConnection(port);
    connection.hello("Bearer " + token, clientId);
    ok(connection.read());
    return connection;
  }

  public static Refusal refusal(Frames.Frame frame) throws InvalidProtocolBufferException {
    if (frame.kind() != Frames.ERROR) {
      throw new AssertionError("expected an ERROR frame, got kind " + frame.kind());
    }
    ByteBuffer in = ByteBuffer.wrap(frame.payload());
    int code = in.getInt();
    int length = in.getInt();
    String description = new String(frame.payload(), 8, length, StandardCharsets.UTF_8);
    in.position(8 + length);
    ErrorDetail detail = in.hasRemaining() ? ErrorDetail.parseFrom(in) : null;
    return new Refusal(code, description, detail);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
