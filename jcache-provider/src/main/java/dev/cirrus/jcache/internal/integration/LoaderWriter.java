package dev.cirrus.jcache.internal.integration;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's loader and writer, as configured. Loader failures leave as
 * {@link CacheLoaderException}, writer failures as {@link CacheWriterException}, with the original
 * as the cause.
 */
public final class LoaderWriter<K, V> {

  /** What a batch write or delete achieved: the keys the writer handled, and its failure if any. */
  public record BatchOutcome<K>(Set<K> succeeded, CacheWriterException failure) {}

  private final CacheLoader<K, V> loader;
  private final CacheWriter<? super K, ? super V> writer;
  private final boolean readThrough;
  private final boolean writeThrough;

  public LoaderWriter(
      CacheLoader<K, V> loader, CacheWriter<? super K, ? super V> writer,
      boolean readThrough, boolean writeThrough) {
    this.loader = loader;
    this.writer = writer;
    this.readThrough = readThrough;
    this.writeThrough = writeThrough;
  }

  public boolean readsThrough() {
    return readThrough && loader != null;
  }

  public boolean writesThrough() {
    return writeThrough && writer != null;
  }

  public boolean hasLoader() {
    return loader != null;
  }

  public V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("CacheLoader " + loader.getClass().getName()
          + " failed to load key " + key + ": " + e, e);
    }
  }

  /** The loaded values; keys the loader had no value for (or mapped to null) are left out. */
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("CacheLoader " + loader.getClass().getName()
          + " failed to load keys: " + e, e);
    }
    Map<K, V> result = new LinkedHashMap<>();
    if (loaded != null) {
      loaded.forEach((k, v) -> {
        if (k != null && v != null) {
          result.put(k, v);
        }
      });
    }
    return result;
  }

  public void write(K key, V value) {
    try {
      writer.write(new CirrusEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("CacheWriter " + writer.getClass().getName()
          + " failed to write key " + key + ": " + e, e);
    }
  }

  public void delete(K key) {
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("CacheWriter " + writer.getClass().getName()
          + " failed to delete key " + key + ": " + e, e);
    }
  }

  /**
   * Hands the entries to {@code writeAll}. The writer removes the entries it wrote from the
   * collection; on failure the ones left are the ones that failed.
   */
  public BatchOutcome<K> writeAll(Map<K, V> entries) {
    Collection<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>();
    entries.forEach((k, v) -> pending.add(new CirrusEntry<>(k, v)));
    try {
      @SuppressWarnings("unchecked")
      CacheWriter<K, V> typed = (CacheWriter<K, V>) writer;
      typed.writeAll(pending);
      return new BatchOutcome<>(new HashSet<>(entries.keySet()), null);
    } catch (RuntimeException e) {
      Set<K> failed = new HashSet<>();
      pending.forEach(entry -> failed.add(entry.getKey()));
      Set<K> succeeded = new HashSet<>(entries.keySet());
      succeeded.removeAll(failed);
      return new BatchOutcome<>(succeeded, wrapWriter(e));
    }
  }

  /** Hands the keys to {@code deleteAll}; keys left in the collection after a failure failed. */
  public BatchOutcome<K> deleteAll(Collection<K> keys) {
    List<Object> pending = new ArrayList<>(keys);
    try {
      writer.deleteAll(pending);
      return new BatchOutcome<>(new HashSet<>(keys), null);
    } catch (RuntimeException e) {
      Set<K> succeeded = new HashSet<>(keys);
      succeeded.removeAll(pending);
      return new BatchOutcome<>(succeeded, wrapWriter(e));
    }
  }

  private CacheWriterException wrapWriter(RuntimeException e) {
    if (e instanceof CacheWriterException cwe) {
      return cwe;
    }
    return new CacheWriterException("CacheWriter " + writer.getClass().getName() + " failed: " + e, e);
  }

  public void close(List<Throwable> failures) {
    for (Object o : new Object[] {loader, writer}) {
      if (o instanceof Closeable c) {
        try {
          c.close();
        } catch (IOException | RuntimeException e) {
          failures.add(e);
        }
      }
    }
  }
}
