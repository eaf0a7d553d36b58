package dev.cirrus.jcache.internal.integration;

import javax.cache.Cache;

/** A key and a copy of its value, as handed to a {@code CacheWriter} and out by iteration. */
public final class CirrusEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  public CirrusEntry(K key, V value) {
    this.key = key;
    this.value = value;
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
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A Cirrus cache entry cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "CirrusEntry[" + key + "=" + value + "]";
  }
}
