package dev.cirrus.jcache.internal.processor;

import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@code EntryProcessor} sees. It records what the processor did so the cache can
 * commit it: nothing, a read of an existing value, a load through the loader, a create, an update
 * or a remove. Changes are visible to the processor at once and to everyone else only on commit.
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** The net effect of a processor run, in the terms the cache commits. */
  public enum Action { NONE, ACCESS, LOAD, CREATE, UPDATE, REMOVE }

  private final K key;
  private final V original;
  private final Function<K, V> loader;
  private V value;
  private Action action = Action.NONE;

  /**
   * @param original the entry's value before the processor ran, or null when absent
   * @param loader read-through loader for an absent entry's {@link #getValue()}, or null
   */
  public ProcessorEntry(K key, V original, Function<K, V> loader) {
    this.key = Objects.requireNonNull(key, "key");
    this.original = original;
    this.value = original;
    this.loader = loader;
  }

  public Action action() {
    return action;
  }

  public V original() {
    return original;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (action == Action.NONE) {
      if (original != null) {
        action = Action.ACCESS;
      } else if (loader != null) {
        V loaded = loader.apply(key);
        if (loaded != null) {
          value = loaded;
          action = Action.LOAD;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  /**
   * Removing what this run created or loaded undoes it; otherwise the remove stands, even for an
   * absent entry, because a cache writer must still hear of it.
   */
  @Override
  public void remove() {
    value = null;
    action = action == Action.CREATE || action == Action.LOAD ? Action.NONE : Action.REMOVE;
  }

  @Override
  public void setValue(V newValue) {
    if (newValue == null) {
      throw new NullPointerException("MutableEntry.setValue(null) for key " + key
          + "; use remove() to delete the entry");
    }
    value = newValue;
    action = original == null ? Action.CREATE : Action.UPDATE;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a mutable entry to " + clazz.getName());
  }
}
