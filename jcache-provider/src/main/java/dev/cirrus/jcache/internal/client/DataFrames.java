package dev.cirrus.jcache.internal.client;

import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.wire.Frames;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;

/**
 * What the client adds to the data path's frames ({@link Frames}, shared with the server): an
 * ERROR payload turned back into the status and {@code ErrorDetail} trailer a gRPC call would have
 * failed with, so that everything above the transports handles both alike.
 */
final class DataFrames {

  private static final Metadata.Key<ErrorDetail> DETAIL_KEY =
      ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  private DataFrames() {}

  /** The failure an ERROR payload describes, as gRPC would have raised it. */
  static StatusRuntimeException error(byte[] payload) {
    Frames.ErrorPayload error;
    try {
      error = Frames.parseError(payload);
    } catch (Frames.MalformedFrameException e) {
      return Status.INTERNAL.withDescription("the data path answered with " + e.getMessage())
          .asRuntimeException();
    }
    Metadata trailers = new Metadata();
    if (error.detail() != null) {
      trailers.put(DETAIL_KEY, error.detail());
    }
    return Status.fromCodeValue(error.statusCode()).withDescription(error.description())
        .asRuntimeException(trailers);
  }
}
