package dev.cirrus.server.error;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs a unary call's body and answers with its result, or with the mapped status on failure. */
public final class UnaryCalls {
  private UnaryCalls() {}

  public static <T> void respond(StreamObserver<T> observer, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (RuntimeException e) {
      observer.onError(StatusMapper.toStatusException(e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }
}
