package dev.cirrus.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's executors, all daemon threads so an embedded server never keeps a JVM alive:
 * {@code calls} runs the gRPC calls that walk many entries (batches, scans, clears), {@code feed} drains
 * change-stream queues, {@code scheduler} runs the expiry sweeper and heartbeats.
 */
record ServerThreads(ExecutorService calls, ExecutorService feed, ScheduledExecutorService scheduler) {

  static ServerThreads create() {
    int cores = Runtime.getRuntime().availableProcessors();
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, named("cirrus-scheduler"));
    scheduler.setRemoveOnCancelPolicy(true);
    return new ServerThreads(
        Executors.newFixedThreadPool(Math.max(4, cores * 2), named("cirrus-call")),
        Executors.newFixedThreadPool(Math.max(2, cores), named("cirrus-feed")),
        scheduler);
  }

  void shutdown() throws InterruptedException {
    scheduler.shutdownNow();
    feed.shutdown();
    calls.shutdown();
    feed.awaitTermination(1, TimeUnit.SECONDS);
    calls.awaitTermination(1, TimeUnit.SECONDS);
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
