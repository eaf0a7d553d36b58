package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.limits.FairExecutor;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs a connection's requests where {@link DataRequests#pool} says: on the event loop that read
 * it (a point call on a store in memory), or on a pool, admitted in its account's turn (a heavy
 * call, or a point call on a store that blocks), so a 1000-key batch or a Redis round trip never
 * stalls the loop's other connections. A single-key call or a getAll on a store that blocks is
 * admitted to its pool alike (the same bound per account, the same refusal) but takes none of its
 * threads: the store is asked from the loop and its answer, when it comes, is what the pool's
 * would have been. A pool's answer, or the store's, is handed back to the connection's loop.
 * The pools bound what each account may have waiting; a request over its account's bound is
 * answered with the refusal at once.
 */
final class RequestRunner {
  private final DataRequests requests;

  RequestRunner(DataRequests requests) {
    this.requests = requireNonNull(requests, "requests");
  }

  /**
   * The answer frame to {@code payload} when it was run (or refused) here, on the calling loop;
   * null when it is answered elsewhere, and {@code later} takes its answer on {@code loop}.
   */
  ByteBuf run(Caller caller, byte[] payload, Executor loop, Consumer<ByteBuf> later) {
    FairExecutor pool = requests.pool(payload);
    if (pool == null) {
      return requests.answer(caller, payload);
    }
    FairExecutor.Admission admission;
    try {
      admission = pool.admit(caller.account());
    } catch (CirrusException e) {
      return requests.counted(e);
    }
    if (requests.answeredLater(payload)) {
      return whenAnswered(caller, payload, admission, loop, later);
    }
    try {
      admission.execute(() -> {
        ByteBuf answer;
        try {
          answer = requests.answer(caller, payload);
        } finally {
          admission.release();
        }
        deliver(loop, later, answer);
      });
      return null;
    } catch (RejectedExecutionException e) {
      admission.release();
      return requests.counted(CirrusException.shuttingDown(
          "the server is shutting down; send the request to another node, or retry shortly"));
    }
  }

  /**
   * Asks the store now and answers when it does: at once when its answer is ready (a refusal
   * before the store was asked, say), else on the loop once it comes. The call counts against
   * its account until then.
   */
  private ByteBuf whenAnswered(Caller caller, byte[] payload, FairExecutor.Admission admission,
      Executor loop, Consumer<ByteBuf> later) {
    CompletableFuture<ByteBuf> answer;
    try {
      answer = requests.answerLater(caller, payload);
    } catch (RuntimeException e) {
      admission.release();
      throw e;
    }
    if (answer.isDone()) {
      admission.release();
      return answer.handle((frame, failure) -> failure == null ? frame : DataRequests.error(failure))
          .join();
    }
    answer.whenComplete((frame, failure) -> {
      admission.release();
      deliver(loop, later, failure == null ? frame : DataRequests.error(failure));
    });
    return null;
  }

  private static void deliver(Executor loop, Consumer<ByteBuf> later, ByteBuf answer) {
    try {
      loop.execute(() -> later.accept(answer));
    } catch (RejectedExecutionException e) {
      // The listener has stopped its loops: the connection is closed, nobody waits for this.
      answer.release();
    }
  }
}
