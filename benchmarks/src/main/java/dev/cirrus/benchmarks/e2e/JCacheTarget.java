package dev.cirrus.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * A target reached through the plain {@code javax.cache} API: caches of {@code String} keys and
 * {@code byte[]} values created with a default {@link MutableConfiguration} (store-by-value, no
 * expiry, no statistics). What differs between providers is only how the {@link CacheManager} is
 * obtained, which {@link Providers} does.
 */
final class JCacheTarget implements Target {

  private final CacheManager manager;
  private final Function<String, NearCache> nearCaches;
  private final List<AutoCloseable> resources;

  JCacheTarget(CacheManager manager, Function<String, NearCache> nearCaches, List<AutoCloseable> resources) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.nearCaches = Objects.requireNonNull(nearCaches, "nearCaches");
    this.resources = new ArrayList<>(resources);
  }

  static MutableConfiguration<String, byte[]> configuration() {
    return new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class);
  }

  /** Opens the cache of that name, creating it when absent. */
  static Cache<String, byte[]> open(CacheManager manager, String name) {
    Cache<String, byte[]> cache = manager.getCache(name, String.class, byte[].class);
    return cache != null ? cache : manager.createCache(name, configuration());
  }

  @Override
  public Dataset dataset(String name, int valueSize) {
    Cache<String, byte[]> cache = open(manager, name);
    cache.clear();
    return new CacheDataset(cache);
  }

  @Override
  public boolean createsCaches() {
    return true;
  }

  @Override
  public long timeCreateCache(String name) {
    long start = System.nanoTime();
    manager.createCache(name, configuration());
    return System.nanoTime() - start;
  }

  @Override
  public void dropCache(String name) {
    manager.destroyCache(name);
  }

  @Override
  public NearCache nearCache(String name, int valueSize) {
    return nearCaches.apply(name);
  }

  @Override
  public void close() {
    manager.close();
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("closing " + resource + " failed: " + e);
      }
    }
  }

  /** A {@link Dataset} over one JCache cache. */
  record CacheDataset(Cache<String, byte[]> cache) implements Dataset {
    @Override
    public byte[] get(String key) {
      return cache.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
      cache.put(key, value);
    }

    @Override
    public int getAll(Set<String> keys) {
      return cache.getAll(keys).size();
    }

    @Override
    public void putAll(Map<String, byte[]> entries) {
      cache.putAll(entries);
    }
  }
}
