package dev.cirrus.jcache.internal.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One entry event. For REMOVED and EXPIRED events the value is the removed value, and both value
 * and old value are either present (old value available) or both null.
 */
public final class CirrusEntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;
  private final boolean oldValueAvailable;

  private CirrusEntryEvent(
      Cache<K, V> source, EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  public static <K, V> CirrusEntryEvent<K, V> created(Cache<K, V> source, K key, V value) {
    return new CirrusEntryEvent<>(source, EventType.CREATED, key, value, null, false);
  }

  /** An update; {@code oldValue} null means the old value is not known. */
  public static <K, V> CirrusEntryEvent<K, V> updated(Cache<K, V> source, K key, V value, V oldValue) {
    return new CirrusEntryEvent<>(source, EventType.UPDATED, key, value, oldValue, oldValue != null);
  }

  public static <K, V> CirrusEntryEvent<K, V> removed(Cache<K, V> source, K key, V oldValue) {
    return new CirrusEntryEvent<>(source, EventType.REMOVED, key, oldValue, oldValue, oldValue != null);
  }

  public static <K, V> CirrusEntryEvent<K, V> expired(Cache<K, V> source, K key, V oldValue) {
    return new CirrusEntryEvent<>(source, EventType.EXPIRED, key, oldValue, oldValue, oldValue != null);
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A cache entry event cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "CirrusEntryEvent[" + getEventType() + " " + key + "]";
  }
}
