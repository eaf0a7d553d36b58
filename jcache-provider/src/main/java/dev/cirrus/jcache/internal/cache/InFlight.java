package dev.cirrus.jcache.internal.cache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Background tasks of a cache that its close() must let finish first. */
final class InFlight {
  private final Set<Future<?>> tasks = ConcurrentHashMap.newKeySet();

  void track(ExecutorService executor, Runnable task) {
    Future<?>[] self = new Future<?>[1];
    synchronized (this) {
      self[0] = executor.submit(() -> {
        try {
          task.run();
        } finally {
          synchronized (InFlight.this) {
            tasks.remove(self[0]);
          }
        }
      });
      if (!self[0].isDone()) {
        tasks.add(self[0]);
      }
    }
  }

  void await(Duration timeout) {
    // The system's clock, not the cache's ticker: this bounds a real wait on real threads.
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Future<?> f : Set.copyOf(tasks)) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // the task reported its own failure to its CompletionListener; a hung one is abandoned
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
