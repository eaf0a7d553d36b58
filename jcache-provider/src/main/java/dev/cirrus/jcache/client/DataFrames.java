package dev.cirrus.jcache.client;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.cirrus.proto.v1.ErrorDetail;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client's side of the data path's frames, {@code [int32 length][byte kind][payload]}
 * big-endian (the server's {@code dev.cirrus.server.fastpath.Frames} documents the format): the
 * hello and request frames it writes, and the ERROR payload it turns back into the status and
 * {@code ErrorDetail} trailer a gRPC call would have failed with.
 */
final class DataFrames {
  static final byte HELLO = 1;
  static final byte REQUEST = 2;
  static final byte OK = 3;
  static final byte ERROR = 4;
  static final byte GOODBYE = 5;

  private static final Metadata.Key<ErrorDetail> DETAIL_KEY =
      ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  private DataFrames() {}

  /** A HELLO frame with the authorization value ("" for none) and the client id. */
  static byte[] hello(String authorization, String clientId) {
    byte[] auth = authorization.getBytes(StandardCharsets.UTF_8);
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(5 + 8 + auth.length + id.length);
    frame.putInt(1 + 8 + auth.length + id.length).put(HELLO)
        .putInt(auth.length).put(auth).putInt(id.length).put(id);
    return frame.array();
  }

  /**
   * A REQUEST frame: the method's data path number ({@link dev.cirrus.wire.V1Method#number()}) and
   * the message, serialized straight into the frame.
   */
  static byte[] request(byte method, MessageLite message) {
    int size = message.getSerializedSize();
    byte[] frame = new byte[6 + size];
    ByteBuffer.wrap(frame).putInt(2 + size).put(REQUEST).put(method);
    CodedOutputStream out = CodedOutputStream.newInstance(frame, 6, size);
    try {
      message.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing into an array cannot fail", e);
    }
    out.checkNoSpaceLeft();
    return frame;
  }

  /** The failure an ERROR payload describes, as gRPC would have raised it. */
  static StatusRuntimeException error(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    if (in.remaining() < 8) {
      return malformed("an error frame of " + payload.length + " bytes");
    }
    int code = in.getInt();
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      return malformed("an error description of " + length + " bytes");
    }
    String description = new String(payload, in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    Metadata trailers = new Metadata();
    if (in.hasRemaining()) {
      try {
        trailers.put(DETAIL_KEY, ErrorDetail.parseFrom(in));
      } catch (InvalidProtocolBufferException e) {
        return malformed("an error detail that does not parse");
      }
    }
    return Status.fromCodeValue(code).withDescription(description).asRuntimeException(trailers);
  }

  private static StatusRuntimeException malformed(String what) {
    return Status.INTERNAL.withDescription("the data path answered with " + what)
        .asRuntimeException();
  }
}
