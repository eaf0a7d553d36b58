package dev.cirrus.jcache.internal.client;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A call written on a {@link FastConnection} and waiting for its answer, which whichever caller
 * reads the connection then may read for it. It is settled once: by its answer, or by the
 * connection's failure, whichever comes first.
 */
final class PendingCall<T> {
  private static final VarHandle SETTLED;

  static {
    try {
      SETTLED = MethodHandles.lookup().findVarHandle(PendingCall.class, "settled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The caller, woken when another thread settles the call. */
  final Thread caller = Thread.currentThread();
  final FastConnection.OkReader<T> okReader;
  /** When the answer must have come ({@link System#nanoTime()}). */
  final long due;
  /** Set before the connection is closed for this call's overrun. */
  volatile boolean overdue;
  private volatile boolean settled;
  /** Written before {@link #done} is, read after it. */
  private FastConnection.Answer<T> answer;
  private IOException failure;
  private volatile boolean done;

  PendingCall(FastConnection.OkReader<T> okReader, long due) {
    this.okReader = okReader;
    this.due = due;
  }

  boolean done() {
    return done;
  }

  void answer(FastConnection.Answer<T> answer) {
    if (SETTLED.compareAndSet(this, false, true)) {
      this.answer = answer;
      finish();
    }
  }

  void fail(IOException failure) {
    if (SETTLED.compareAndSet(this, false, true)) {
      this.failure = failure;
      finish();
    }
  }

  private void finish() {
    done = true;
    if (caller != Thread.currentThread()) {
      LockSupport.unpark(caller);
    }
  }

  /** The answer, once {@link #done()}; or the failure that settled the call. */
  FastConnection.Answer<T> result() throws IOException {
    if (failure != null) {
      throw failure;
    }
    return answer;
  }
}
