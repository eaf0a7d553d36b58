package dev.cirrus.jcache.config;

import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/** Which JCache expiry policy a configured {@code expiry.ttl} stands for. */
public enum ExpiryKind {
  /** The TTL counts from creation (JCache {@link CreatedExpiryPolicy}). */
  CREATED,
  /** From the last access (JCache {@link AccessedExpiryPolicy}). */
  ACCESSED,
  /** From the last write (JCache {@link ModifiedExpiryPolicy}). */
  MODIFIED,
  /** From the last read or write (JCache {@link TouchedExpiryPolicy}). */
  TOUCHED;

  public Factory<ExpiryPolicy> factory(java.time.Duration ttl) {
    Duration d = new Duration(TimeUnit.MILLISECONDS, ttl.toMillis());
    switch (this) {
      case ACCESSED:
        return AccessedExpiryPolicy.factoryOf(d);
      case MODIFIED:
        return ModifiedExpiryPolicy.factoryOf(d);
      case TOUCHED:
        return TouchedExpiryPolicy.factoryOf(d);
      default:
        return CreatedExpiryPolicy.factoryOf(d);
    }
  }
}
