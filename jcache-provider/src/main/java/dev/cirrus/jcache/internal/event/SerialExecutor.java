package dev.cirrus.jcache.internal.event;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: an asynchronous listener
 * sees its events in order without owning a thread.
 *
 * <p>At most {@link #CAPACITY} tasks wait. A listener slower than the events it is sent would
 * otherwise fill the heap, so when the queue is full a new task is dropped, not waited for: the
 * cache's writer is never held back by an asynchronous listener (JCache promises such a listener
 * nothing about timing, and synchronous listeners run on the writer's thread as before). Drops
 * are counted and logged as a warning at the 1st, 10th, 100th... drop of this listener.
 *
 * <p>Concurrency: {@code queue}, {@code running} and {@code dropped} are guarded by {@code this}.
 */
final class SerialExecutor implements Executor {
  /** Events an asynchronous listener may fall behind by. */
  static final int CAPACITY = 10_000;

  private static final Logger LOG = Logger.getLogger(SerialExecutor.class.getName());

  private final Executor delegate;
  private final String listener;
  private final Queue<Runnable> queue = new ArrayDeque<>();
  private boolean running;
  private long dropped;

  /** @param listener names the listener in the warning about dropped events */
  SerialExecutor(Executor delegate, String listener) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void execute(Runnable task) {
    long droppedNow;
    synchronized (this) {
      if (queue.size() >= CAPACITY) {
        droppedNow = ++dropped;
      } else {
        queue.add(task);
        if (running) {
          return;
        }
        running = true;
        droppedNow = 0;
      }
    }
    if (droppedNow > 0) {
      warnAtPowersOfTen(droppedNow);
      return;
    }
    delegate.execute(this::drain);
  }

  /** Events dropped so far because the queue was full. */
  synchronized long dropped() {
    return dropped;
  }

  private void warnAtPowersOfTen(long count) {
    long power = 1;
    while (power < count) {
      power *= 10;
    }
    if (power == count) {
      LOG.warning("Asynchronous cache entry listener " + listener + " is " + CAPACITY
          + " events behind; " + count + " event(s) dropped so far. Make the listener faster,"
          + " or synchronous to hold writers back instead");
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      next.run();
    }
  }
}
