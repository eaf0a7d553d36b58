package dev.cirrus.jcache.near;

import java.time.Duration;
import java.util.Objects;

/**
 * How a cache's near cache behaves.
 *
 * @param maxSize most entries kept ({@code near-cache.max-size}); 0 disables the near cache
 * @param expireAfterWrite longest time an entry is kept after it was filled, or null for no limit
 *     beyond the entry's own expiry ({@code near-cache.expire-after-write})
 * @param staleness how long after a server-side change an entry may still be served at most: the
 *     near cache stops serving when its change stream has been silent for this long
 *     ({@code near-cache.staleness}, default 1s)
 */
public record NearCacheSettings(long maxSize, Duration expireAfterWrite, Duration staleness) {

  public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(1);
  public static final NearCacheSettings DISABLED = new NearCacheSettings(0, null, DEFAULT_STALENESS);

  public NearCacheSettings {
    if (maxSize < 0) {
      throw new IllegalArgumentException("near-cache.max-size must be 0 (off) or positive, was " + maxSize);
    }
    Objects.requireNonNull(staleness, "staleness");
    if (staleness.toMillis() < 100) {
      throw new IllegalArgumentException("near-cache.staleness must be at least 100ms, was " + staleness);
    }
    if (expireAfterWrite != null && (expireAfterWrite.isZero() || expireAfterWrite.isNegative())) {
      throw new IllegalArgumentException(
          "near-cache.expire-after-write must be positive, was " + expireAfterWrite);
    }
  }

  /** A near cache of at most {@code maxSize} entries with the default staleness bound. */
  public static NearCacheSettings ofMaxSize(long maxSize) {
    return new NearCacheSettings(maxSize, null, DEFAULT_STALENESS);
  }

  public boolean enabled() {
    return maxSize > 0;
  }

  public NearCacheSettings withExpireAfterWrite(Duration d) {
    return new NearCacheSettings(maxSize, d, staleness);
  }

  public NearCacheSettings withStaleness(Duration d) {
    return new NearCacheSettings(maxSize, expireAfterWrite, d);
  }
}
