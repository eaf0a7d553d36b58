package dev.cirrus.server.fastpath;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When a connection's current wait must be over, checked by one timer on the connection's event
 * loop. Setting the deadline costs a field write; the timer is moved only when {@link #arm} finds
 * the deadline earlier than the timer's time. A timer that fires before the deadline (it was set
 * later meanwhile) sets itself again, so a request answered at once, which moves the deadline
 * later, costs no timer. Used on the loop only.
 */
final class Deadline {
  private final Runnable passed;
  private ScheduledExecutorService loop;
  private long nanos;
  private ScheduledFuture<?> timer;
  private long timerNanos;
  private boolean cancelled;

  /** {@code passed} runs on the loop once the deadline has passed. */
  Deadline(Runnable passed, long nanos) {
    this.passed = passed;
    this.nanos = nanos;
  }

  /** Sets the deadline ({@link System#nanoTime()}'s clock); takes effect at the next {@link #arm}. */
  void at(long nanos) {
    this.nanos = nanos;
  }

  /** Has the timer fire by the deadline, on {@code loop}. */
  void arm(ScheduledExecutorService loop) {
    this.loop = loop;
    if (cancelled || (timer != null && timerNanos - nanos <= 0)) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    timerNanos = nanos;
    timer = loop.schedule(this::fire, Math.max(0, nanos - System.nanoTime()),
        TimeUnit.NANOSECONDS);
  }

  /** No more checks: the connection is closed. */
  void cancel() {
    cancelled = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void fire() {
    timer = null;
    if (cancelled) {
      return;
    }
    if (System.nanoTime() - nanos < 0) {
      arm(loop);
      return;
    }
    passed.run();
  }
}
