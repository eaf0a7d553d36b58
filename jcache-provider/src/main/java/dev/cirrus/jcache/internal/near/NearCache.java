package dev.cirrus.jcache.internal.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.protobuf.ByteString;
import dev.cirrus.jcache.near.NearCacheSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One cache's near cache. Thread-safe. Keys are what the cache hands in: the key object itself
 * for immutable key types (a hit then needs no encoding), the key's bytes otherwise.
 *
 * <p>Correctness rests on three guards. Versions: the server's versions grow with every write, so an
 * entry or tombstone never gives way to an older version, and a read that started before an
 * invalidation cannot fill in what the invalidation removed. The epoch: {@link #clear()} bumps it,
 * and a fill that began under an older epoch is dropped, even if it lands after the clear. The
 * stream: the near cache serves only while its change stream is confirmed and was heard from
 * within the staleness bound.
 */
public final class NearCache {

  private static final NearCache DISABLED = new NearCache();

  private final NearCacheSettings settings;
  private final Cache<Object, NearEntry> entries;
  private final Ticker ticker;
  private final long stalenessNanos;
  private final long maxLifeNanos;
  private final long tombstoneNanos;
  private final AtomicLong epoch = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private volatile boolean live;
  /** Hits and misses are counted only while someone can read them (statistics enabled). */
  private volatile boolean counting;
  private volatile long lastHeardNanos;

  private NearCache() {
    this.settings = NearCacheSettings.DISABLED;
    this.entries = null;
    this.ticker = Ticker.systemTicker();
    this.stalenessNanos = 0;
    this.maxLifeNanos = 0;
    this.tombstoneNanos = 0;
  }

  /**
   * @param tombstoneLife how long a tombstone must outlive the read it guards against: at least
   *     the deadline of a call
   */
  public NearCache(NearCacheSettings settings, Duration tombstoneLife, Ticker ticker) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (!settings.enabled()) {
      throw new IllegalArgumentException("use NearCache.disabled() for a cache without near cache");
    }
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.stalenessNanos = settings.staleness().toNanos();
    this.maxLifeNanos = settings.expireAfterWrite() == null
        ? Long.MAX_VALUE : settings.expireAfterWrite().toNanos();
    this.tombstoneNanos = tombstoneLife.toNanos();
    // No Caffeine expiry: each entry carries its own deadline, checked on the hit itself, so an
    // entry without one (the common, eternal case) costs no clock read at all. Expired entries
    // are dropped when met, or by the size bound.
    this.entries = Caffeine.newBuilder()
        .maximumSize(settings.maxSize())
        .executor(Runnable::run)
        .build();
  }

  public static NearCache disabled() {
    return DISABLED;
  }

  public boolean enabled() {
    return entries != null;
  }

  public NearCacheSettings settings() {
    return settings;
  }

  /** The value entry to serve for the key, or null (absent, tombstone, or not serving). */
  public NearEntry lookup(Object key) {
    if (entries == null) {
      return null;
    }
    NearEntry e = live ? entries.getIfPresent(key) : null;
    if (e == null || e.isTombstone() || isExpired(e)) {
      if (counting) {
        misses.increment();
      }
      return null;
    }
    if (counting) {
      hits.increment();
    }
    return e;
  }

  /** Read before a remote read; hand it to {@link #fill} with the answer. */
  public long epoch() {
    return epoch.get();
  }

  /**
   * Keeps a value the server just returned or stored, unless the near cache already knows a newer
   * version of the key, was cleared since {@code epochAtStart}, or is not serving.
   *
   * @param expiresInMillis the entry's remaining time to live at the server; 0 for none
   */
  public void fill(Object key, ByteString value, long version, long expiresInMillis, long epochAtStart) {
    if (entries == null || !live || epoch.get() != epochAtStart) {
      return;
    }
    long now = ticker.read();
    long life = expiresInMillis > 0 ? Math.min(maxLifeNanos, expiresInMillis * 1_000_000L) : maxLifeNanos;
    NearEntry fresh = new NearEntry(value, version, deadline(now, life), false);
    NearEntry kept = entries.asMap().compute(key, (k, existing) ->
        existing != null && !isExpired(existing) && existing.supersedes(version) ? existing : fresh);
    if (kept == fresh && epoch.get() != epochAtStart) {
      entries.asMap().remove(key, fresh); // a clear ran while this fill was landing
    }
  }

  /**
   * The server changed the key at {@code version}. A CREATED or UPDATED change this near cache
   * already holds (its own write) leaves the entry; anything else becomes a tombstone.
   */
  public void invalidate(Object key, long version, boolean isWriteOfVersion) {
    if (entries == null) {
      return;
    }
    invalidations.increment();
    NearEntry tombstone =
        new NearEntry(null, version, deadline(ticker.read(), tombstoneNanos), !isWriteOfVersion);
    entries.asMap().compute(key, (k, existing) -> {
      if (existing == null || isExpired(existing)) {
        return tombstone;
      }
      if (isWriteOfVersion && !existing.isTombstone() && existing.version() == version) {
        return existing; // this client's own write, already held
      }
      return existing.version() > version ? existing : tombstone;
    });
  }

  /** Forgets the key, e.g. after this client removed it. */
  public void remove(Object key) {
    if (entries != null) {
      entries.invalidate(key);
    }
  }

  /** Forgets everything; fills that started before do not land. */
  public void clear() {
    if (entries != null) {
      epoch.incrementAndGet();
      entries.invalidateAll();
    }
  }

  // ---- stream state ----

  /** The change stream is (again) confirmed: start serving from an empty near cache. */
  public void streamConfirmed() {
    clear();
    lastHeardNanos = ticker.read();
    live = true;
  }

  /** A message (event or heartbeat) arrived on the change stream. */
  public void heard() {
    lastHeardNanos = ticker.read();
  }

  /** The change stream broke: stop serving and forget everything. */
  public void streamLost() {
    live = false;
    clear();
  }

  /** Whether hits may be served: the stream is confirmed and was heard within the staleness bound. */
  public boolean serving() {
    return live && ticker.read() - lastHeardNanos < stalenessNanos;
  }

  /**
   * Stops serving, and forgets everything, when the stream has been silent for most of the
   * staleness bound. Called often (a tenth of the bound) by the feed, so that lookups need only
   * check a flag: a silent stream is caught within the bound.
   */
  public void checkStaleness() {
    if (live && ticker.read() - lastHeardNanos >= stalenessNanos - stalenessNanos / 10) {
      streamLost();
    }
  }

  // ---- figures ----

  /** Counts hits and misses from now on, or stops counting. */
  public void countFigures(boolean on) {
    counting = on;
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long invalidations() {
    return invalidations.sum();
  }

  public long size() {
    return entries == null ? 0 : entries.estimatedSize();
  }

  /** Long.MAX_VALUE stands for "no deadline"; nanoTime values may be negative, so never add to it. */
  private static long deadline(long now, long life) {
    return life == Long.MAX_VALUE ? Long.MAX_VALUE : now + life;
  }

  private static long remaining(NearEntry e, long now) {
    return e.deadlineNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : e.deadlineNanos() - now;
  }

  private boolean isExpired(NearEntry e) {
    return e.deadlineNanos() != Long.MAX_VALUE && remaining(e, ticker.read()) <= 0;
  }
}
