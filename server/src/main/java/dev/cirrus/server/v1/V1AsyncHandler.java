package dev.cirrus.server.v1;

import com.google.protobuf.Message;
import dev.cirrus.server.auth.Caller;
import java.util.concurrent.CompletableFuture;

/**
 * A unary cirrus.v1 method whose answer comes when the store's does, for a door that must not
 * wait on its thread: the same request ↔ store call mapping as the method's {@link V1Handler}.
 * A refusal known before the store is asked (rate, permission, a limit) may be thrown at once;
 * any other failure ends the future (possibly wrapped in a {@link
 * java.util.concurrent.CompletionException}). The future may complete on the store's thread.
 */
@FunctionalInterface
public interface V1AsyncHandler<Q extends Message, R extends Message> {
  CompletableFuture<R> handle(Caller caller, Q request);
}
