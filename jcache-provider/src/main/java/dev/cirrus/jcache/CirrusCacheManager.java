package dev.cirrus.jcache;

import dev.cirrus.jcache.config.ConnectionSettings;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.internal.cache.CacheResources;
import dev.cirrus.jcache.internal.cache.CirrusCache;
import dev.cirrus.jcache.internal.cache.CloseFailures;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.config.ProviderConfig;
import dev.cirrus.jcache.internal.management.ConnectionStatus;
import dev.cirrus.jcache.internal.management.MBeans;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import javax.management.ObjectName;

/**
 * A CacheManager over the connection to one Cirrus server, or to one at a time of several
 * interchangeable nodes ({@code cirrus://h1:7070,h2:7070}; see {@link #currentEndpoint()}). Caches are the server's caches of the token's
 * account: {@link #getCache} finds caches created by other clients, and {@link #createCache} of a
 * cache another client created opens it. {@link #getCacheNames} lists the caches open here. Closing the manager closes this client's views; the caches stay on the server until
 * {@link #destroyCache}.
 *
 * <p>Thread-safe: the open caches are {@link OpenCaches}; closing and the restart recovery hold
 * this manager's lock.
 */
public final class CirrusCacheManager implements CacheManager {

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
  private final ManagerCodec codec;
  private final OpenCaches caches;
  private final ObjectName connectionMBean;
  private volatile boolean closed;

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
    this.codec = new ManagerCodec(config, classLoader, uri);
    CacheResources resources = new CacheResources(client, codec.codec(), codec.undecodable(), asyncExecutor, scheduler,
        uri, BATCH_SIZE, config.ticker());
    this.caches = new OpenCaches(this, resources, new CacheConfigurations(config, classLoader), codec);
    client.setMissingCacheRecovery(this::recover);
    codec.registerMBean();
    this.connectionMBean = MBeans.managerName("Connection", uri);
    MBeans.register(new ConnectionStatus(client), connectionMBean);
    try {
      for (String name : config.cachesToCreate()) {
        caches.createIfAbsent(name);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
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

  /** The servers this manager may talk to and its timeouts, as resolved from its URI and properties. */
  public ConnectionSettings configuration() {
    return config;
  }

  /**
   * The node calls go to now: with several endpoints, the one this manager started on (chosen at
   * random) until it stopped answering, then the next that did. JMX shows the same as {@code
   * dev.cirrus:type=Connection,CacheManager=<uri>}.
   */
  public Endpoint currentEndpoint() {
    return client.endpoint();
  }

  /**
   * Lets values of these classes be deserialized by this CacheManager's default codec, besides the
   * JDK's classes, those it has written itself and {@code cirrus.serialization.allow}; integrations
   * declare the classes they store with it. Ignored with {@code cirrus.serialization.filter} (which
   * then decides alone) or a custom {@code cirrus.codec}.
   */
  public void allowDeserializationOf(Class<?>... types) {
    codec.allow(types);
  }

  /**
   * Lets values of the classes these patterns match be deserialized, as
   * {@code cirrus.serialization.allow} does: {@code com.acme.Order}, {@code com.acme.*} (the
   * package) or {@code com.acme.**} (with subpackages).
   *
   * @throws IllegalArgumentException naming a pattern that is not a class pattern
   */
  public void allowDeserializationOf(Collection<String> classPatterns) {
    codec.allowPatterns(classPatterns);
  }

  // ---- caches ----

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    return caches.create(cacheName, configuration);
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    CirrusCache<?, ?> cache = caches.lookup(cacheName);
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
    Cache<K, V> cache = (Cache<K, V>) caches.lookup(cacheName);
    return cache;
  }

  /**
   * The client's answer to "cache does not exist": whether the server restarted and the open caches
   * were re-created. Under this manager's lock, so it never races with {@link #close}.
   */
  private synchronized boolean recover(String cacheName) {
    return !closed && caches.recover(cacheName);
  }

  /**
   * The caches this CacheManager has open (created or got). The server may hold more caches of the
   * account, opened by other clients: {@link #getCache} opens any of them by name.
   */
  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableList(caches.names());
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    caches.destroy(cacheName);
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CirrusCache<?, ?> cache = caches.lookup(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CirrusCache<?, ?> cache = caches.lookup(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
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
    caches.closeAll(failures);
    failures.run(codec::unregisterMBean);
    failures.run(() -> MBeans.unregister(connectionMBean));
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
