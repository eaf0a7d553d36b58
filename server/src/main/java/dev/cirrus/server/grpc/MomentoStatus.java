package dev.cirrus.server.grpc;

import dev.cirrus.server.momento.MomentoError;
import dev.cirrus.server.momento.MomentoErrors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * Failures of Momento calls as gRPC statuses: {@link MomentoErrors}' code and description, and
 * its cause in the {@code err} trailer where Momento's SDKs look for one. A call the client
 * cancelled stays CANCELLED.
 */
final class MomentoStatus {
  /** Where Momento's SDKs read the finer cause of a LIMIT_EXCEEDED or NOT_FOUND. */
  static final Metadata.Key<String> ERR = Metadata.Key.of("err", Metadata.ASCII_STRING_MARSHALLER);

  private MomentoStatus() {}

  static StatusException of(Throwable failure) {
    if (failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.CANCELLED) {
      return new StatusException(Status.CANCELLED.withDescription("call cancelled"));
    }
    return of(MomentoErrors.of(failure));
  }

  static StatusException of(MomentoError error) {
    Metadata trailers = new Metadata();
    if (error.cause() != null) {
      trailers.put(ERR, error.cause());
    }
    return new StatusException(
        Status.fromCodeValue(error.statusCode()).withDescription(error.description()), trailers);
  }
}
