package dev.cirrus.server.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds entries that expired untouched and removes them with an EXPIRED event that carries their
 * value (a listener asking for old values gets it), at most one interval late. Each node sweeps
 * every live cache: the sweep script is atomic, so nodes sweeping at once never report an entry
 * twice, and any node alone keeps expiry going. A sweep of a cache with nothing due is one cheap
 * call per bucket.
 *
 * <p>Being the one call this node makes to Redis on a schedule, whatever the traffic, the sweep
 * also tells whether Redis answers ({@link #reachesRedis()}), and it counts what it expired per
 * cache (entries found expired by a call are that call's, and other nodes count their own sweeps).
 */
final class ExpirySweeper implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ExpirySweeper.class.getName());

  private final RedisLink link;
  private final BucketScripts buckets;
  private final ScheduledFuture<?> schedule;
  /** incarnation → entries this node's sweeps expired; only caches still live (pruned each sweep). */
  private final Map<String, LongAdder> expired = new ConcurrentHashMap<>();
  /** Whether the last sweep reached every shard it needed; connecting reached Redis. */
  private volatile boolean reached = true;

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
      reached = true;
    } catch (RuntimeException e) {
      reached = false;
      // A failed sweep (Redis away) must not cancel the schedule; the next one retries.
      LOG.log(Level.WARNING, "event=sweep_failed store=" + link.target(), e);
    }
  }

  /** Sweeps every live cache once; answers how many entries expired. */
  long sweep() {
    Set<byte[]> incarnations = link.await(
        link.commands().smembers(BucketKeys.incarnations()).toCompletableFuture());
    List<String> names = new ArrayList<>(incarnations.size());
    List<CompletableFuture<Long>> sweeps = new ArrayList<>(incarnations.size());
    for (byte[] incarnation : incarnations) {
      String name = new String(incarnation, StandardCharsets.US_ASCII);
      names.add(name);
      sweeps.add(buckets.sweep(new BucketKeys(name)));
    }
    expired.keySet().retainAll(new HashSet<>(names));
    long total = 0;
    for (int i = 0; i < sweeps.size(); i++) {
      long n = link.await(sweeps.get(i));
      if (n > 0) {
        expired.computeIfAbsent(names.get(i), k -> new LongAdder()).add(n);
      }
      total += n;
    }
    return total;
  }

  /** Entries of the cache {@code incarnation} that this node's sweeps expired. */
  long expired(String incarnation) {
    LongAdder n = expired.get(incarnation);
    return n == null ? 0 : n.sum();
  }

  /** Whether the last sweep reached Redis (every shard holding a live cache's buckets). */
  boolean reachesRedis() {
    return reached;
  }

  @Override
  public void close() {
    schedule.cancel(false);
  }
}
