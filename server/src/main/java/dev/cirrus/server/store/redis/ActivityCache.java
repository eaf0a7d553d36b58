package dev.cirrus.server.store.redis;

import dev.cirrus.server.store.CacheActivity;
import dev.cirrus.server.store.CacheId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last figures read from Redis per cache, for monitoring. A scrape or a console refresh reads
 * several figures of every cache, and each reading costs round trips to every shard, or up to the
 * command timeout while Redis is away; so readers get the last figures at once and a reading older
 * than {@link #MAX_AGE_NANOS} is refreshed in the background, one at a time per cache. Figures are
 * thus up to about a second old, and a scrape never waits on Redis.
 */
final class ActivityCache {
  static final long MAX_AGE_NANOS = 1_000_000_000L;
  /** More caches than any account limit allows together: past it the oldest readings go. */
  static final int MAX_CACHES = 100_000;
  private static final Logger LOG = Logger.getLogger(ActivityCache.class.getName());

  private record Reading(CacheActivity activity, long atNanos) {}

  private final Function<CacheId, Optional<CacheActivity>> read;
  private final Executor executor;
  private final Map<CacheId, Reading> readings = new ConcurrentHashMap<>();
  private final Set<CacheId> pending = ConcurrentHashMap.newKeySet();

  /** @param read reads a cache's figures from Redis (blocking); empty when the cache is gone */
  ActivityCache(Function<CacheId, Optional<CacheActivity>> read, Executor executor) {
    this.read = read;
    this.executor = executor;
  }

  /** The last figures of the cache; empty before the first reading and once it is gone. */
  Optional<CacheActivity> get(CacheId id) {
    Reading last = readings.get(id);
    if ((last == null || System.nanoTime() - last.atNanos > MAX_AGE_NANOS) && pending.add(id)) {
      try {
        executor.execute(() -> refresh(id));
      } catch (RejectedExecutionException e) {
        pending.remove(id);
      }
    }
    return last == null ? Optional.empty() : Optional.of(last.activity);
  }

  private void refresh(CacheId id) {
    try {
      Optional<CacheActivity> now = read.apply(id);
      if (now.isEmpty()) {
        readings.remove(id);
      } else {
        if (readings.size() >= MAX_CACHES && !readings.containsKey(id)) {
          readings.clear();
        }
        readings.put(id, new Reading(now.get(), System.nanoTime()));
      }
    } catch (RuntimeException e) {
      // Redis away: keep the last figures; the next reader asks again.
      LOG.log(Level.FINE, "event=activity_read_failed cache=" + id.name(), e);
    } finally {
      pending.remove(id);
    }
  }

  /** The cache was deleted through this node. */
  void forget(CacheId id) {
    readings.remove(id);
  }
}
