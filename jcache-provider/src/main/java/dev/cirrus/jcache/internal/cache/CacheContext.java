package dev.cirrus.jcache.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.cirrus.jcache.codec.Codec;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.Ttl;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.codec.DefaultCodec;
import dev.cirrus.jcache.internal.event.CirrusEntryEvent;
import dev.cirrus.jcache.internal.event.EventDispatcher;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.integration.LoaderWriter;
import dev.cirrus.jcache.internal.management.CacheStatistics;
import dev.cirrus.jcache.internal.near.NearCache;
import dev.cirrus.jcache.internal.near.NearEntry;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

/**
 * The state and helpers shared by the operations of one cache: encoding, expiry follow-ups,
 * event firing and statistics. Immutable apart from the statistics switch.
 */
final class CacheContext<K, V> {

  final String name;
  final Cache<K, V> cache;
  final MutableConfiguration<K, V> configuration;
  final CirrusClient client;
  final ExpiryCalculator expiry;
  final LoaderWriter<K, V> io;
  final EventDispatcher<K, V> events;
  final NearCache near;
  final CacheStatistics stats;
  final CacheResources resources;
  private final Codec codec;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final Ticker ticker;

  CacheContext(
      Cache<K, V> cache,
      MutableConfiguration<K, V> configuration,
      CacheResources resources,
      ExpiryCalculator expiry,
      LoaderWriter<K, V> io,
      EventDispatcher<K, V> events,
      NearCache near) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.name = cache.getName();
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.resources = Objects.requireNonNull(resources, "resources");
    this.client = resources.client();
    this.codec = resources.codec();
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.io = Objects.requireNonNull(io, "io");
    this.events = Objects.requireNonNull(events, "events");
    this.near = Objects.requireNonNull(near, "near");
    this.stats = new CacheStatistics();
    this.keyType = configuration.getKeyType();
    this.valueType = configuration.getValueType();
    this.ticker = resources.ticker();
  }

  boolean statisticsEnabled() {
    return configuration.isStatisticsEnabled();
  }

  // ---- encoding ----

  // The codec hands out a fresh array that nothing else holds, so it can be wrapped, not copied.

  ByteString key(K key) {
    checkType(key, keyType, "key");
    return UnsafeByteOperations.unsafeWrap(codec.encode(key));
  }

  ByteString value(V value) {
    checkType(value, valueType, "value");
    return UnsafeByteOperations.unsafeWrap(codec.encode(value));
  }

  /**
   * The value of a near hit: a fresh copy, except that an immutable value (String, a boxed
   * primitive) is decoded once and then shared, as copying it would hand out an equal object.
   */
  @SuppressWarnings("unchecked")
  V nearValue(NearEntry entry) {
    Object shared = entry.shared();
    if (shared != null) {
      return (V) shared;
    }
    V value = decodeValue(entry.value());
    if (value != null && isImmutable(value.getClass())) {
      entry.share(value);
    }
    return value;
  }

  /** Final JDK classes whose instances never change: equal means interchangeable. */
  private static boolean isImmutable(Class<?> c) {
    return c == String.class || c == Long.class || c == Integer.class || c == Short.class
        || c == Byte.class || c == Character.class || c == Boolean.class || c == Double.class
        || c == Float.class;
  }

  @SuppressWarnings("unchecked")
  V decodeValue(ByteString bytes) {
    return (V) decode(bytes);
  }

  @SuppressWarnings("unchecked")
  K decodeKey(ByteString bytes) {
    return (K) decode(bytes);
  }

  private Object decode(ByteString bytes) {
    return codec instanceof DefaultCodec fast ? fast.decode(bytes) : codec.decode(bytes.toByteArray());
  }

  private static void checkType(Object o, Class<?> type, String what) {
    if (type != Object.class && !type.isInstance(o)) {
      throw new ClassCastException("Cache " + what + " " + o + " of type " + o.getClass().getName()
          + " is not a " + type.getName() + " as the cache's configuration requires");
    }
  }

  // ---- expiry follow-ups for custom policies ----

  /**
   * For a custom expiry policy, asks it now that the write's outcome is known and applies a
   * non-default answer. Returns whether the entry is gone because its TTL is zero.
   */
  boolean settleWriteExpiry(ByteString key, WriteOutcome result) {
    if (result.expiredOnWrite()) {
      return true;
    }
    if (expiry.predictable()) {
      return false;
    }
    Ttl ttl;
    if (result.created()) {
      ttl = expiry.forCreation();
      if (ttl.isEternal()) {
        return false;
      }
    } else if (result.updated()) {
      ttl = expiry.forUpdate();
      if (ttl.isUnchanged()) {
        return false;
      }
    } else {
      return false;
    }
    touch(key, ttl, result.version());
    return ttl.isZero();
  }

  /**
   * For a custom policy, asks for the access expiry of an entry just read and applies it. Returns
   * what was applied beyond the read itself: UNCHANGED when nothing.
   */
  Ttl settleAccessExpiry(ByteString key, long version) {
    if (expiry.predictable()) {
      return Ttl.UNCHANGED;
    }
    Ttl ttl = expiry.forAccess();
    if (!ttl.isUnchanged()) {
      touch(key, ttl, version);
    }
    return ttl;
  }

  // ---- near cache ----

  /** After a remote hit: keep the value near for as long as the server keeps the entry. */
  void nearAfterRead(K key, ByteString k, ReadOutcome r, Ttl appliedAfterRead, long epoch) {
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
  void nearAfterWrite(K key, ByteString k, ByteString value, WriteOutcome r, boolean gone, long epoch) {
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
   * A near hit is an access: an access TTL reaches the server (without waiting for it, unless the
   * entry must expire now, which also drops it from the near cache).
   */
  void settleNearHit(K key, Object nearKey, long version) {
    if (expiry.accessNeverChanges()) {
      return;
    }
    Ttl ttl = expiry.predictable() ? expiry.accessUpFront() : expiry.forAccess();
    if (ttl.isUnchanged()) {
      return;
    }
    ByteString k = key(key, nearKey);
    if (ttl.isZero()) {
      touch(k, ttl, version);
      near.remove(nearKey);
      return;
    }
    client.touchAsync(name, k, ttl, version);
  }

  /**
   * The near cache's key for a key about to be looked up, or null without a near cache: an
   * immutable key itself (no encoding on a hit), else its bytes, which a miss then sends as they
   * are (see {@link #key(Object, Object)}).
   */
  Object nearKeyFor(K key) {
    if (!near.enabled()) {
      return null;
    }
    if (isImmutable(key.getClass())) {
      checkType(key, keyType, "key");
      return key;
    }
    return key(key);
  }

  /** The key's bytes, reusing those a near-cache lookup already made. */
  ByteString key(K key, Object nearKey) {
    return nearKey instanceof ByteString bytes ? bytes : key(key);
  }

  /** The near cache's key: the key itself when immutable (equal keys, equal objects), else its bytes. */
  Object nearKey(K key, ByteString k) {
    return isImmutable(key.getClass()) ? key : k;
  }

  /** The near cache's key for a key's bytes, as the change stream delivers them. */
  Object nearKey(ByteString k) {
    Object decoded = decode(k);
    return decoded != null && isImmutable(decoded.getClass()) ? decoded : k;
  }

  void nearRemove(K key, ByteString k) {
    if (near.enabled()) {
      near.remove(nearKey(key, k));
    }
  }

  void touch(ByteString key, Ttl ttl, long version) {
    client.touch(name, key, ttl, version);
  }

  // ---- events ----

  boolean listening() {
    return events.hasListeners();
  }

  /** @param expiredValue the value of an entry a call found expired, or null when there was none */
  void fireExpired(K key, ByteString expiredValue) {
    if (expiredValue != null && listening()) {
      events.dispatch(CirrusEntryEvent.expired(cache, key, decodeValue(expiredValue)));
    }
  }

  void fireCreated(K key, V value) {
    if (listening()) {
      events.dispatch(CirrusEntryEvent.created(cache, key, value));
    }
  }

  void fireUpdated(K key, V value, ByteString previous, boolean hadPrevious) {
    if (listening()) {
      V old = hadPrevious && !previous.isEmpty() ? decodeValue(previous) : null;
      events.dispatch(CirrusEntryEvent.updated(cache, key, value, old));
    }
  }

  void fireRemoved(K key, ByteString previous) {
    if (listening()) {
      events.dispatch(CirrusEntryEvent.removed(cache, key,
          previous.isEmpty() ? null : decodeValue(previous)));
    }
  }

  /** Fires what a write did, as told by the server's answer. */
  void fireWrite(K key, V value, WriteOutcome result, boolean goneAtOnce) {
    fireExpired(key, result.expiredValue());
    if (goneAtOnce) {
      return;
    }
    if (result.created()) {
      fireCreated(key, value);
    } else if (result.updated()) {
      fireUpdated(key, value, result.previousValue(), result.hadPrevious());
    }
  }

  // ---- statistics ----

  long startTimer() {
    return statisticsEnabled() ? ticker.read() : 0L;
  }

  void hits(long n) {
    if (statisticsEnabled() && n > 0) {
      stats.recordHits(n);
    }
  }

  void misses(long n) {
    if (statisticsEnabled() && n > 0) {
      stats.recordMisses(n);
    }
  }

  void puts(long n) {
    if (statisticsEnabled() && n > 0) {
      stats.recordPuts(n);
    }
  }

  void removals(long n) {
    if (statisticsEnabled() && n > 0) {
      stats.recordRemovals(n);
    }
  }

  void getTime(long start) {
    if (statisticsEnabled() && start != 0L) {
      stats.recordGetTime(ticker.read() - start);
    }
  }

  void putTime(long start) {
    if (statisticsEnabled() && start != 0L) {
      stats.recordPutTime(ticker.read() - start);
    }
  }

  void removeTime(long start) {
    if (statisticsEnabled() && start != 0L) {
      stats.recordRemoveTime(ticker.read() - start);
    }
  }
}
