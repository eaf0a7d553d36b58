package dev.cirrus.jcache;

import dev.cirrus.jcache.codec.Codec;
import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.config.ConnectionSettings;
import dev.cirrus.jcache.config.OnUnavailable;
import dev.cirrus.jcache.internal.cache.CacheResources;
import dev.cirrus.jcache.internal.cache.CirrusCache;
import dev.cirrus.jcache.internal.cache.CloseFailures;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CacheDescription;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.codec.DefaultCodec;
import dev.cirrus.jcache.internal.codec.DeserializationFilter;
import dev.cirrus.jcache.internal.config.CacheSettings;
import dev.cirrus.jcache.internal.config.ConfigException;
import dev.cirrus.jcache.internal.config.ProviderConfig;
import dev.cirrus.jcache.internal.management.CodecStatistics;
import dev.cirrus.jcache.internal.management.MBeans;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.spi.CachingProvider;

/**
 * A CacheManager over one Cirrus server connection. Caches are the server's caches of the token's
 * account: {@link #getCache} finds caches created by other clients, and {@link #createCache} of a
 * cache another client created opens it. {@link #getCacheNames} lists the caches open here. Closing the manager closes this client's views; the caches stay on the server until
 * {@link #destroyCache}.
 *
 * <p>Concurrency: {@code caches} is a concurrent map; creation of a cache's local view races are
 * settled by {@code putIfAbsent}, the loser's view is closed.
 */
public final class CirrusCacheManager implements CacheManager {

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(CirrusCacheManager.class.getName());

  /** Entries per batch call; well under the server's default limit of 1000. */
  private static final int BATCH_SIZE = 500;

  private final CirrusCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final ProviderConfig config;
  private final CirrusClient client;
  private final ExecutorService asyncExecutor;
  private final ScheduledExecutorService scheduler;
  private final CacheResources resources;
  private final ConcurrentMap<String, CirrusCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;
  /** The server instance the open caches were created on; guarded by {@code this} for updates. */
  private volatile String knownInstance;

  CirrusCacheManager(
      CirrusCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
      ProviderConfig config) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.uri = Objects.requireNonNull(uri, "uri");
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    this.properties = properties;
    this.config = Objects.requireNonNull(config, "config");
    String clientId = UUID.randomUUID().toString();
    this.client = CirrusClient.connect(config.clientSettings(clientId));
    String tag = "cirrus-" + clientId.substring(0, 8);
    this.asyncExecutor = Executors.newCachedThreadPool(daemonThreads(tag + "-async"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads(tag + "-scheduler"));
    this.resources = new CacheResources(client, codec(config, classLoader), asyncExecutor, scheduler,
        uri, BATCH_SIZE, config.ticker());
    client.setMissingCacheRecovery(this::recover);
    if (resources.codec() instanceof DefaultCodec codec) {
      MBeans.register(new CodecStatistics(codec), codecMBeanName());
    }
    try {
      for (String name : config.cachesToCreate()) {
        createIfAbsent(name);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static Codec codec(ProviderConfig config, ClassLoader loader) {
    if (config.codecClass() == null) {
      return new DefaultCodec(loader, config.serializationFilter() == null
          ? DeserializationFilter.allowList(config.serializationAllow())
          : DeserializationFilter.ofPattern(config.serializationFilter()));
    }
    try {
      Class<?> type = Class.forName(config.codecClass(), true, loader);
      try {
        return (Codec) type.getConstructor(ClassLoader.class).newInstance(loader);
      } catch (NoSuchMethodException e) {
        return (Codec) type.getConstructor().newInstance();
      }
    } catch (ReflectiveOperationException | ClassCastException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new ConfigException("Cannot use cirrus.codec=" + config.codecClass() + ": " + cause
          + "; it must implement dev.cirrus.jcache.codec.Codec and have a public constructor"
          + " taking a ClassLoader or none", cause);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The server this manager talks to and its timeouts, as resolved from its URI and properties. */
  public ConnectionSettings configuration() {
    return config;
  }

  /**
   * Lets values of these classes be deserialized by this CacheManager's default codec, besides the
   * JDK's classes, those it has written itself and {@code cirrus.serialization.allow}; integrations
   * declare the classes they store with it. Ignored with {@code cirrus.serialization.filter} (which
   * then decides alone) or a custom {@code cirrus.codec}.
   */
  public void allowDeserializationOf(Class<?>... types) {
    if (resources.codec() instanceof DefaultCodec codec) {
      for (Class<?> type : types) {
        codec.filter().allow(type);
      }
    }
  }

  /**
   * Lets values of the classes these patterns match be deserialized, as
   * {@code cirrus.serialization.allow} does: {@code com.acme.Order}, {@code com.acme.*} (the
   * package) or {@code com.acme.**} (with subpackages).
   *
   * @throws IllegalArgumentException naming a pattern that is not a class pattern
   */
  public void allowDeserializationOf(Collection<String> classPatterns) {
    if (resources.codec() instanceof DefaultCodec codec) {
      codec.filter().allowPatterns(classPatterns);
    }
  }

  // ---- caches ----

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    if (caches.containsKey(cacheName)) {
      throw new CacheException("A cache named '" + cacheName + "' is already open in this"
          + " CacheManager; use getCache to get it, or destroyCache first");
    }
    CirrusConfiguration<K, V> copy = copyOf(configuration);
    applySettings(copy, config.settingsFor(cacheName));
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

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    CirrusCache<?, ?> cache = lookup(cacheName);
    if (cache == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
    if (!c.getKeyType().equals(keyType) || !c.getValueType().equals(valueType)) {
      throw new ClassCastException("Cache '" + cacheName + "' has key type "
          + c.getKeyType().getName() + " and value type " + c.getValueType().getName()
          + ", not " + keyType.getName() + " and " + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) lookup(cacheName);
    return cache;
  }

  /** This client's view of the cache, opening one if another client created the cache. */
  private CirrusCache<?, ?> lookup(String cacheName) {
    CirrusCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      return cache;
    }
    CacheDescription described = client.describeCache(cacheName).orElse(null);
    if (described == null) {
      return null;
    }
    learnInstance();
    CirrusConfiguration<Object, Object> configuration = new CirrusConfiguration<>(
        ConfigurationDescriptor.decode(described.clientConfig(), classLoader));
    applyClientSettings(configuration, config.settingsFor(cacheName));
    CirrusCache<Object, Object> opened = open(cacheName, configuration);
    CirrusCache<?, ?> raced = caches.putIfAbsent(cacheName, opened);
    if (raced != null) {
      opened.close();
      return raced;
    }
    return opened;
  }

  private void createIfAbsent(String cacheName) {
    CirrusConfiguration<Object, Object> configuration = new CirrusConfiguration<>();
    applySettings(configuration, config.settingsFor(cacheName));
    CacheDescription created;
    try {
      created = client.createCache(cacheName, ConfigurationDescriptor.encode(configuration), true);
    } catch (CacheException e) {
      createOnServer(cacheName, configuration); // throws unless on-unavailable=miss tolerates it
      caches.computeIfAbsent(cacheName, n -> open(n, configuration));
      return;
    }
    learnInstance();
    caches.computeIfAbsent(cacheName, n -> {
      CirrusConfiguration<Object, Object> existing = new CirrusConfiguration<>(
          ConfigurationDescriptor.decode(created.clientConfig(), classLoader));
      applyClientSettings(existing, config.settingsFor(n));
      return open(n, existing);
    });
  }

  /**
   * Creates the cache on the server if absent. With {@code on-unavailable=miss} an unreachable
   * server does not stop the application: the cache is opened here and created on the server by
   * the restart recovery once it answers.
   */
  private void createOnServer(String cacheName, CirrusConfiguration<?, ?> configuration) {
    try {
      client.createCache(cacheName, ConfigurationDescriptor.encode(configuration), true);
      learnInstance();
    } catch (CacheException e) {
      if (configuration.getOnUnavailable() != OnUnavailable.MISS || !CirrusClient.isUnavailable(e)) {
        throw e;
      }
      LOG.warning("Cache '" + cacheName + "' opened without the server (on-unavailable=miss): "
          + e.getMessage());
    }
  }

  private javax.management.ObjectName codecMBeanName() {
    return MBeans.managerName("Codec", uri);
  }

  /** Remembers which server instance holds the caches, once per manager. */
  private void learnInstance() {
    if (knownInstance == null) {
      knownInstance = client.serverInfo().instanceId();
    }
  }

  /**
   * Brings back the open caches when the server answered that one of them does not exist because
   * it restarted empty (a new instance id). A cache deleted on purpose on the same server stays
   * deleted: then this answers false and the caller sees "cache does not exist".
   */
  private synchronized boolean recover(String cacheName) {
    if (closed || !caches.containsKey(cacheName)) {
      return false;
    }
    String instance = client.serverInfo().instanceId();
    // A null knownInstance means the caches were opened while the server was away
    // (on-unavailable=miss): they were never created there, so create them now.
    if (instance.equals(knownInstance)) {
      return false;
    }
    knownInstance = instance;
    for (CirrusCache<?, ?> cache : caches.values()) {
      @SuppressWarnings("unchecked")
      CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
      client.createCache(cache.getName(), ConfigurationDescriptor.encode(c), true);
    }
    LOG.info("Cirrus server at " + client.endpoint() + " restarted; re-created the "
        + caches.size() + " cache(s) open in CacheManager " + uri);
    return true;
  }

  private <K, V> CirrusCache<K, V> open(String cacheName, CirrusConfiguration<K, V> configuration) {
    // A typed cache declares what it holds: its key and value classes are safe to decode.
    allowDeserializationOf(configuration.getKeyType(), configuration.getValueType());
    return new CirrusCache<>(this, cacheName, configuration, resources, this::forget);
  }

  private void forget(CirrusCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  /**
   * The caches this CacheManager has open (created or got). The server may hold more caches of the
   * account, opened by other clients: {@link #getCache} opens any of them by name.
   */
  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableList(new ArrayList<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CirrusCache<?, ?> cache = caches.remove(cacheName);
    if (cache != null) {
      cache.close();
    }
    client.deleteCache(cacheName);
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CirrusCache<?, ?> cache = lookup(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CirrusCache<?, ?> cache = lookup(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  private static <K, V> CirrusConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (!configuration.isStoreByValue()) {
      throw new UnsupportedOperationException("Cirrus stores entries by value (a remote cache"
          + " hands out copies); set storeByValue to true");
    }
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new CirrusConfiguration<>(complete);
    }
    CirrusConfiguration<K, V> copy = new CirrusConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    return copy;
  }

  private static void applyNearCache(CirrusConfiguration<?, ?> configuration, CacheSettings settings) {
    configuration.nearCache(settings.nearCache(configuration.getNearCache()));
    if (settings.onUnavailable() != null) {
      configuration.onUnavailable(settings.onUnavailable());
    }
  }

  /**
   * For a cache another client created: this client's own settings (statistics, management, near
   * cache) apply to its view; the entries' expiry stays the creator's.
   */
  private static void applyClientSettings(CirrusConfiguration<?, ?> configuration, CacheSettings settings) {
    applyNearCache(configuration, settings);
    if (settings.statistics() != null) {
      configuration.setStatisticsEnabled(settings.statistics());
    }
    if (settings.management() != null) {
      configuration.setManagementEnabled(settings.management());
    }
  }

  /** Config-file settings win over a configuration's defaults: they are how users tune caches. */
  private static void applySettings(CirrusConfiguration<?, ?> configuration, CacheSettings settings) {
    applyNearCache(configuration, settings);
    if (settings.statistics() != null) {
      configuration.setStatisticsEnabled(settings.statistics());
    }
    if (settings.management() != null) {
      configuration.setManagementEnabled(settings.management());
    }
    if (settings.expiryTtl() != null && !settings.expiryTtl().isZero()
        && configuration.getExpiryPolicyFactory().create() instanceof EternalExpiryPolicy) {
      dev.cirrus.jcache.config.ExpiryKind kind = settings.expiryKind() == null
          ? dev.cirrus.jcache.config.ExpiryKind.CREATED : settings.expiryKind();
      configuration.setExpiryPolicyFactory(kind.factory(settings.expiryTtl()));
    }
  }

  // ---- identity and lifecycle ----

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isAssignableFrom(getClass())) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A CirrusCacheManager cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes every cache view of this manager and the connection. Never blocks on an unreachable
   * server for longer than a moment; idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.forget(this);
    CloseFailures failures = new CloseFailures();
    for (CirrusCache<?, ?> cache : new ArrayList<>(caches.values())) {
      failures.run(cache::close);
    }
    caches.clear();
    failures.run(() -> MBeans.unregister(codecMBeanName()));
    scheduler.shutdownNow();
    asyncExecutor.shutdown();
    client.close();
    failures.throwIfAny("CacheManager " + uri);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("CacheManager " + uri + " is closed; get a new one from"
          + " Caching.getCachingProvider().getCacheManager(...)");
    }
  }

  @Override
  public String toString() {
    return "CirrusCacheManager[" + uri + " -> " + client.endpoint() + "]";
  }
}
