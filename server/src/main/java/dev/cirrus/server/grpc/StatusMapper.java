package dev.cirrus.server.grpc;

import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.server.v1.V1Error;
import dev.cirrus.server.v1.V1Errors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;

/**
 * Failures as gRPC statuses: the cirrus.v1 mapping ({@link V1Errors}) as a {@code Status} with the
 * {@link ErrorDetail} trailer. A call the client cancelled stays CANCELLED.
 */
final class StatusMapper {
  /** The trailer that carries an {@link ErrorDetail}: {@code cirrus.v1.ErrorDetail-bin}. */
  static final Metadata.Key<ErrorDetail> ERROR_DETAIL_KEY =
      ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  private StatusMapper() {}

  /** The status and trailers for {@code failure}. */
  static StatusException toStatusException(Throwable failure) {
    if (failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.CANCELLED) {
      return new StatusException(Status.CANCELLED.withDescription("call cancelled"));
    }
    V1Error error = V1Errors.of(failure);
    Metadata trailers = new Metadata();
    if (error.detail() != null) {
      trailers.put(ERROR_DETAIL_KEY, error.detail());
    }
    return new StatusException(
        Status.fromCodeValue(error.statusCode()).withDescription(error.description()), trailers);
  }
}
