package dev.cirrus.jcache;

import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.config.OnUnavailable;
import dev.cirrus.jcache.internal.cache.CacheResources;
import dev.cirrus.jcache.internal.cache.CirrusCache;
import dev.cirrus.jcache.internal.cache.CloseFailures;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CacheDescription;
import dev.cirrus.jcache.internal.client.CirrusClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;

/**
 * A CacheManager's views of the server's caches, by name: created here, opened when another client
 * created the cache, forgotten when closed.
 *
 * <p>Concurrency: {@code caches} is a concurrent map; races to open a cache's view are settled by
 * {@code putIfAbsent}, and the loser's view is closed.
 */
final class OpenCaches {

  private static final Logger LOG = Logger.getLogger(OpenCaches.class.getName());

  private final CacheManager manager;
  private final CirrusClient client;
  private final CacheResources resources;
  private final CacheConfigurations configurations;
  private final ManagerCodec codec;
  private final ConcurrentMap<String, CirrusCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final RestartRecovery recovery;

  OpenCaches(CacheManager manager, CacheResources resources, CacheConfigurations configurations,
      ManagerCodec codec) {
    this.manager = manager;
    this.client = resources.client();
    this.resources = resources;
    this.configurations = configurations;
    this.codec = codec;
    this.recovery = new RestartRecovery(client, caches, resources.managerUri(),
        resources.scheduler());
  }

  /** For {@code createCache}: creates the cache on the server unless it exists, and opens it here. */
  <K, V> CirrusCache<K, V> create(String cacheName, Configuration<K, V> configuration) {
    if (caches.containsKey(cacheName)) {
      throw new CacheException("A cache named '" + cacheName + "' is already open in this"
          + " CacheManager; use getCache to get it, or destroyCache first");
    }
    CirrusConfiguration<K, V> copy = configurations.forCreate(cacheName, configuration);
    // A cache another client created is opened rather than refused: on a shared server the first
    // JVM to start creates it and every later one (Spring Boot's cache-names, a second node)
    // would otherwise fail at start. Its entries are kept.
    createOnServer(cacheName, copy);
    CirrusCache<K, V> cache = open(cacheName, copy);
    CirrusCache<?, ?> stale = caches.put(cacheName, cache);
    if (stale != null && stale != cache) {
      stale.close();
    }
    return cache;
  }

  /** This client's view of the cache, opening one if another client created the cache. */
  CirrusCache<?, ?> lookup(String cacheName) {
    CirrusCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      return cache;
    }
    CacheDescription described = client.describeCache(cacheName).orElse(null);
    if (described == null) {
      return null;
    }
    recovery.learnInstance();
    CirrusCache<Object, Object> opened =
        open(cacheName, configurations.forExisting(cacheName, described.clientConfig()));
    CirrusCache<?, ?> raced = caches.putIfAbsent(cacheName, opened);
    if (raced != null) {
      opened.close();
      return raced;
    }
    return opened;
  }

  /** Creates a cache the config file names ({@code cirrus.caches}), or opens it if it exists. */
  void createIfAbsent(String cacheName) {
    CirrusConfiguration<Object, Object> configuration = configurations.fromSettings(cacheName);
    CacheDescription created;
    try {
      created = client.createCache(cacheName, ConfigurationDescriptor.encode(configuration), true);
    } catch (CacheException e) {
      createOnServer(cacheName, configuration); // throws unless on-unavailable=miss tolerates it
      caches.computeIfAbsent(cacheName, n -> open(n, configuration));
      return;
    }
    recovery.learnInstance();
    caches.computeIfAbsent(cacheName,
        n -> open(n, configurations.forExisting(n, created.clientConfig())));
  }

  /**
   * Creates the cache on the server if absent. With {@code on-unavailable=miss} an unreachable
   * server does not stop the application: the cache is opened here and created on the server by
   * the restart recovery once it answers.
   */
  private void createOnServer(String cacheName, CirrusConfiguration<?, ?> configuration) {
    try {
      client.createCache(cacheName, ConfigurationDescriptor.encode(configuration), true);
      recovery.learnInstance();
    } catch (CacheException e) {
      if (configuration.getOnUnavailable() != OnUnavailable.MISS || !CirrusClient.isUnavailable(e)) {
        throw e;
      }
      LOG.warning("Cache '" + cacheName + "' opened without the server (on-unavailable=miss): "
          + e.getMessage());
    }
  }

  private <K, V> CirrusCache<K, V> open(String cacheName, CirrusConfiguration<K, V> configuration) {
    // A typed cache declares what it holds: its key and value classes are safe to decode.
    codec.allow(configuration.getKeyType(), configuration.getValueType());
    return new CirrusCache<>(manager, cacheName, configuration, resources, this::forget);
  }

  private void forget(CirrusCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  /** Re-creates the open caches if the server restarted; see {@link RestartRecovery#recover}. */
  boolean recover(String cacheName) {
    return recovery.recover(cacheName);
  }

  /** The names of the caches open here. */
  List<String> names() {
    return new ArrayList<>(caches.keySet());
  }

  /** Closes this client's view of the cache, if open, and deletes the cache on the server. */
  void destroy(String cacheName) {
    CirrusCache<?, ?> cache = caches.remove(cacheName);
    if (cache != null) {
      cache.close();
    }
    client.deleteCache(cacheName);
  }

  /** Closes every view, carrying on past failures. */
  void closeAll(CloseFailures failures) {
    for (CirrusCache<?, ?> cache : new ArrayList<>(caches.values())) {
      failures.run(cache::close);
    }
    caches.clear();
  }
}
