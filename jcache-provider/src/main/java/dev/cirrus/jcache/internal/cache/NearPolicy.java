package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.Ttl;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.near.NearCache;
import dev.cirrus.jcache.internal.near.NearEntry;

/**
 * When a cache's near cache is looked up, filled and emptied, and under which key: an immutable key
 * itself (no encoding on a hit), else the key's bytes. With the near cache off every method is a
 * cheap no-op or miss.
 */
final class NearPolicy<K, V> {

  private final NearCache near;
  private final Encoding<K, V> encoding;
  private final ExpiryCalculator expiry;
  private final ExpiryFollowUp followUp;

  NearPolicy(NearCache near, Encoding<K, V> encoding, ExpiryCalculator expiry, ExpiryFollowUp followUp) {
    this.near = near;
    this.encoding = encoding;
    this.expiry = expiry;
    this.followUp = followUp;
  }

  NearCache cache() {
    return near;
  }

  boolean enabled() {
    return near.enabled();
  }

  /** The near cache's epoch before a remote call, for the fill after it (see NearCache#fill). */
  long epoch() {
    return near.epoch();
  }

  /**
   * The near cache's key for a key about to be looked up, or null without a near cache: an
   * immutable key itself, else its bytes, which a miss then sends as they are (see {@link
   * #key(Object, Object)}).
   */
  Object keyFor(K key) {
    if (!near.enabled()) {
      return null;
    }
    if (Encoding.isImmutable(key.getClass())) {
      encoding.checkKey(key);
      return key;
    }
    return encoding.key(key);
  }

  /** The entry held for a key from {@link #keyFor}, or null (also for a null key: no near cache). */
  NearEntry lookup(Object nearKey) {
    return nearKey == null ? null : near.lookup(nearKey);
  }

  /** The key's bytes, reusing those a near-cache lookup already made. */
  ByteString key(K key, Object nearKey) {
    return nearKey instanceof ByteString bytes ? bytes : encoding.key(key);
  }

  /** The near cache's key: the key itself when immutable (equal keys, equal objects), else its bytes. */
  Object nearKey(K key, ByteString k) {
    return Encoding.isImmutable(key.getClass()) ? key : k;
  }

  /** The near cache's key for a key's bytes, as the change stream delivers them. */
  Object nearKey(ByteString k) {
    Object decoded = encoding.decode(k);
    return decoded != null && Encoding.isImmutable(decoded.getClass()) ? decoded : k;
  }

  /**
   * A near hit is an access: an access TTL reaches the server (without waiting for it, unless the
   * entry must expire now, which also drops it from the near cache).
   */
  void settleHit(K key, Object nearKey, long version) {
    if (expiry.accessNeverChanges()) {
      return;
    }
    Ttl ttl = expiry.predictable() ? expiry.accessUpFront() : expiry.forAccess();
    if (ttl.isUnchanged()) {
      return;
    }
    ByteString k = key(key, nearKey);
    if (ttl.isZero()) {
      followUp.touch(k, ttl, version);
      near.remove(nearKey);
      return;
    }
    followUp.touchLater(k, ttl, version);
  }

  /** After a remote hit: keep the value near for as long as the server keeps the entry. */
  void afterRead(K key, ByteString k, ReadOutcome r, Ttl appliedAfterRead, long epoch) {
    if (!near.enabled()) {
      return;
    }
    Object nearKey = nearKey(key, k);
    if (appliedAfterRead.isUnchanged()) {
      near.fill(nearKey, r.value(), r.version(), r.expiresInMillis(), epoch);
    } else if (appliedAfterRead.isZero()) {
      near.remove(nearKey);
    } else {
      // eternal: no duration, so only the near cache's own bound applies
      near.fill(nearKey, r.value(), r.version(), appliedAfterRead.durationMillis(), epoch);
    }
  }

  /**
   * After this client's write: keep the written value near. When a custom expiry policy settled
   * the entry's TTL afterwards, its remaining life is not known here, so the key is dropped.
   */
  void afterWrite(K key, ByteString k, ByteString value, WriteOutcome r, boolean gone, long epoch) {
    if (!near.enabled() || !r.applied()) {
      return;
    }
    Object nearKey = nearKey(key, k);
    if (gone || !expiry.predictable()) {
      near.remove(nearKey);
    } else {
      near.fill(nearKey, value, r.version(), r.expiresInMillis(), epoch);
    }
  }

  /**
   * After an entry processor's write, whose TTL was the policy's exact answer: the server's
   * remaining life is the truth, so the value stays near unless the entry is gone.
   */
  void afterExactWrite(K key, ByteString k, ByteString value, WriteOutcome r, boolean gone, long epoch) {
    if (!gone && near.enabled()) {
      near.fill(nearKey(key, k), value, r.version(), r.expiresInMillis(), epoch);
    } else {
      remove(key, k);
    }
  }

  void remove(K key, ByteString k) {
    if (near.enabled()) {
      near.remove(nearKey(key, k));
    }
  }

  void clear() {
    near.clear();
  }
}
