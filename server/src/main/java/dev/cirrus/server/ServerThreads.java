package dev.cirrus.server;

import dev.cirrus.server.limits.FairExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's executors, all daemon threads so an embedded server never keeps a JVM alive:
 * {@code calls} runs the gRPC calls that walk many entries (batches, scans, clears), fairly
 * between accounts; {@code pointCalls}, only when the store {@linkplain
 * dev.cirrus.server.store.CacheStore#blocksCallers() blocks its callers}, runs the point calls that
 * would otherwise run on a front door's event loop, fairly too, on enough threads to keep the
 * store's round trips overlapping (null for a store in memory), and bounds per account the data
 * path's single-key calls, which wait for the store on none of its threads; {@code feed} drains
 * change-stream queues, {@code scheduler} runs heartbeats and the token rechecks, {@code sweeper}
 * the expiry sweeper alone: a sweep of a million due entries takes seconds, and heartbeats on the
 * same thread would stop for as long, making every near cache think its stream broken.
 */
record ServerThreads(FairExecutor calls, FairExecutor pointCalls, ExecutorService feed,
    ScheduledExecutorService scheduler, ScheduledExecutorService sweeper) {

  /**
   * Threads that wait on a blocking store's round trips: 64 keep ~400,000 calls/s going at
   * 150 us a round trip.
   */
  static final int POINT_CALL_THREADS = 64;

  /**
   * @param queuedCallsPerAccount calls one account may have waiting for a worker or running
   * @param storeBlocks whether the store's calls wait on the network
   */
  static ServerThreads create(int queuedCallsPerAccount, boolean storeBlocks) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new ServerThreads(
        new FairExecutor(Math.max(4, cores * 2), queuedCallsPerAccount,
            FairExecutor.DEFAULT_MAX_ACCOUNTS, named("cirrus-call")),
        storeBlocks ? new FairExecutor("point calls (reads, writes, removals on the Redis store)",
            POINT_CALL_THREADS, queuedCallsPerAccount, FairExecutor.DEFAULT_MAX_ACCOUNTS,
            named("cirrus-point-call")) : null,
        Executors.newFixedThreadPool(Math.max(2, cores), named("cirrus-feed")),
        scheduled("cirrus-scheduler"),
        scheduled("cirrus-sweeper"));
  }

  private static ScheduledExecutorService scheduled(String name) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, named(name));
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  void shutdown() throws InterruptedException {
    sweeper.shutdownNow();
    scheduler.shutdownNow();
    feed.shutdown();
    calls.shutdown();
    if (pointCalls != null) {
      pointCalls.shutdown();
    }
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
