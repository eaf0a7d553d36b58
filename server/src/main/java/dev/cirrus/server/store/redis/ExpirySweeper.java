package dev.cirrus.server.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds entries that expired untouched and removes them with an EXPIRED event that carries their
 * value (a listener asking for old values gets it), at most one interval late. Each node sweeps
 * every live cache: the sweep script is atomic, so nodes sweeping at once never report an entry
 * twice, and any node alone keeps expiry going. A sweep of a cache with nothing due is one cheap
 * call per bucket.
 */
final class ExpirySweeper implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ExpirySweeper.class.getName());

  private final RedisLink link;
  private final BucketScripts buckets;
  private final ScheduledFuture<?> schedule;

  ExpirySweeper(RedisLink link, BucketScripts buckets, ScheduledExecutorService scheduler,
      Duration interval) {
    this.link = link;
    this.buckets = buckets;
    this.schedule = scheduler.scheduleWithFixedDelay(this::sweepSafely, interval.toMillis(),
        interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // A failed sweep (Redis away) must not cancel the schedule; the next one retries.
      LOG.log(Level.WARNING, "event=sweep_failed store=" + link.target(), e);
    }
  }

  /** Sweeps every live cache once; answers how many entries expired. */
  long sweep() {
    Set<byte[]> incarnations = link.await(
        link.commands().smembers(BucketKeys.incarnations()).toCompletableFuture());
    List<CompletableFuture<Long>> sweeps = new ArrayList<>(incarnations.size());
    for (byte[] incarnation : incarnations) {
      sweeps.add(buckets.sweep(new BucketKeys(new String(incarnation, StandardCharsets.US_ASCII))));
    }
    long expired = 0;
    for (CompletableFuture<Long> sweep : sweeps) {
      expired += link.await(sweep);
    }
    return expired;
  }

  @Override
  public void close() {
    schedule.cancel(false);
  }
}
