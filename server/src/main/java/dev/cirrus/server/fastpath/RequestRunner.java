package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.limits.FairExecutor;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a connection's requests where {@link DataRequests#pool} says: on the event loop that read
 * it (a point call, or a small batch, on a store in memory; a large answer to such a batch framed
 * on a pool), or on a pool, admitted in its account's turn (another heavy call, or a point call
 * on a store that blocks), so a 1000-key batch or a Redis round trip never stalls the loop's
 * other connections. A single-key call or a getAll on a store that blocks is
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
      return requests.batch(payload) ? batchOnLoop(caller, payload, loop, later)
          : requests.answer(caller, payload);
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
    return execute(admission, () -> requests.answer(caller, payload), loop, later);
  }

  /**
   * Runs {@code answer} on the pool that admitted it, and has the loop take what it makes; null,
   * or the refusal when the pool has stopped.
   */
  private ByteBuf execute(FairExecutor.Admission admission, Supplier<ByteBuf> answer,
      Executor loop, Consumer<ByteBuf> later) {
    try {
      admission.execute(() -> {
        ByteBuf frame;
        try {
          frame = answer.get();
        } finally {
          admission.release();
        }
        deliver(loop, later, frame);
      });
      return null;
    } catch (RejectedExecutionException e) {
      admission.release();
      return requests.counted(CirrusException.shuttingDown(
          "the server is shutting down; send the request to another node, or retry shortly"));
    }
  }

  /**
   * Runs a small batch here; its answer is framed here too unless it is large (a few keys of
   * large values), when it is framed on the pool of large answers in its account's turn.
   */
  private ByteBuf batchOnLoop(Caller caller, byte[] payload, Executor loop,
      Consumer<ByteBuf> later) {
    Message message;
    try {
      message = requests.respond(caller, payload);
    } catch (RuntimeException e) {
      return requests.counted(e);
    }
    if (message.getSerializedSize() <= DataRequests.LOOP_ANSWER_MAX_BYTES) {
      return requests.framed(message);
    }
    FairExecutor.Admission admission;
    try {
      admission = requests.largeAnswers().admit(caller.account());
    } catch (CirrusException e) {
      return requests.counted(e);
    }
    return execute(admission, () -> requests.framed(message), loop, later);
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
