package dev.cirrus.server.error;

import dev.cirrus.proto.v1.ErrorDetail;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where server-side failures become gRPC statuses. A {@link CirrusException} keeps
 * its code, reason, message and facts; anything else is a bug on our side and is reported as
 * INTERNAL with a generic message (the cause goes to the server log, never to the client).
 */
public final class StatusMapper {
  /** The trailer that carries an {@link ErrorDetail}: {@code cirrus.v1.ErrorDetail-bin}. */
  public static final Metadata.Key<ErrorDetail> ERROR_DETAIL_KEY =
      ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  private static final Logger LOG = Logger.getLogger(StatusMapper.class.getName());

  private StatusMapper() {}

  /** The status and trailers for {@code failure}. */
  public static StatusException toStatusException(Throwable failure) {
    if (failure instanceof CirrusException e) {
      return fromDomain(e);
    }
    if (failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.CANCELLED) {
      return new StatusException(Status.CANCELLED.withDescription("call cancelled"));
    }
    LOG.log(Level.WARNING, "event=internal_error type=" + failure.getClass().getName(), failure);
    return fromDomain(
        CirrusException.internal(
            "internal server error; the server log has the details, retry or report it"));
  }

  private static StatusException fromDomain(CirrusException e) {
    ErrorDetail detail =
        ErrorDetail.newBuilder()
            .setReason(e.reason())
            .setMessage(e.getMessage())
            .putAllFacts(e.facts())
            .build();
    Metadata trailers = new Metadata();
    trailers.put(ERROR_DETAIL_KEY, detail);
    return new StatusException(
        Status.fromCode(e.code()).withDescription(e.getMessage()), trailers);
  }
}
