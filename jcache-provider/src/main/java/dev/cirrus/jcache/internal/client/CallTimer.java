package dev.cirrus.jcache.internal.client;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Enforces the call timeout of data calls on the client alone: the call runs in a cancellable
 * gRPC {@link Context} that this timer cancels when the time is up, which ends the blocking call
 * at once with DEADLINE_EXCEEDED. Unlike a gRPC deadline it sends no header and arms no timer on
 * the server.
 *
 * <p>One daemon thread per client; a call that finishes in time removes its timeout task.
 */
final class CallTimer implements AutoCloseable {

  private final ScheduledThreadPoolExecutor scheduler;

  CallTimer(String clientId) {
    scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "cirrus-" + clientId.substring(0, Math.min(8, clientId.length()))
          + "-timeouts");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  <T> T within(Duration timeout, Supplier<T> call) {
    Context.CancellableContext context = Context.current().withCancellation();
    ScheduledFuture<?> alarm = scheduler.schedule(
        () -> context.cancel(new TimeoutException()), timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      return context.call(call::get);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.CANCELLED
          && context.cancellationCause() instanceof TimeoutException) {
        throw Status.DEADLINE_EXCEEDED
            .withDescription("no answer within " + timeout.toMillis() + " ms")
            .asRuntimeException();
      }
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a gRPC call threw a checked exception", e);
    } finally {
      alarm.cancel(false);
      context.cancel(null);
    }
  }

  /**
   * Runs {@code call} with a gRPC deadline at {@code deadlineNanos} (a {@link System#nanoTime}
   * instant) in its {@link Context}: gRPC calls end there with DEADLINE_EXCEEDED, and {@link
   * FastDataPath} reads no longer. For the attempts after the first of one call, which share its
   * deadline.
   */
  <T> T before(long deadlineNanos, Supplier<T> call) {
    Context.CancellableContext context = Context.current().withDeadline(
        Deadline.after(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS), scheduler);
    try {
      return context.call(call::get);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a gRPC call threw a checked exception", e);
    } finally {
      context.cancel(null);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
