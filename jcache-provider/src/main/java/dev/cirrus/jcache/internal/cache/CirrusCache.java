package dev.cirrus.jcache.internal.cache;

import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.internal.client.CacheChange;
import dev.cirrus.jcache.internal.event.CirrusEntryEvent;
import dev.cirrus.jcache.internal.event.EventDispatcher;
import dev.cirrus.jcache.internal.event.RemoteEventFeed;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.integration.LoaderWriter;
import dev.cirrus.jcache.internal.management.CacheConfigurationBean;
import dev.cirrus.jcache.internal.management.MBeans;
import dev.cirrus.jcache.internal.management.NearCacheStatistics;
import dev.cirrus.jcache.internal.near.NearCache;
import dev.cirrus.jcache.internal.near.NearCacheFeed;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} backed by a cache on a Cirrus server. This class checks arguments and the
 * lifecycle and delegates the work to its collaborators; see the package documentation.
 *
 * <p>Thread-safe. Closing is idempotent; a closed cache throws {@link IllegalStateException}.
 */
public final class CirrusCache<K, V> implements Cache<K, V> {

  private final CacheManager manager;
  private final String name;
  private final CacheContext<K, V> ctx;
  private final Reads<K, V> reads;
  private final Writes<K, V> writes;
  private final Removals<K, V> removals;
  private final Processors<K, V> processors;
  private final FailOpen<K, V> failOpen;
  private final RemoteEventFeed<K, V> feed;
  private final NearCacheFeed nearFeed;
  private final Consumer<CirrusCache<?, ?>> onClose;
  private volatile boolean closed;

  /**
   * @param configuration this cache's own copy; the cache keeps it up to date (listeners,
   *     statistics and management switches)
   * @param onClose told once when the cache closes, so its manager can forget it
   */
  public CirrusCache(
      CacheManager manager,
      String name,
      CirrusConfiguration<K, V> configuration,
      CacheResources resources,
      Consumer<CirrusCache<?, ?>> onClose) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.name = Objects.requireNonNull(name, "name");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    LoaderWriter<K, V> io = new LoaderWriter<>(
        configuration.getCacheLoaderFactory() == null ? null : configuration.getCacheLoaderFactory().create(),
        configuration.getCacheWriterFactory() == null ? null : configuration.getCacheWriterFactory().create(),
        configuration.isReadThrough(),
        configuration.isWriteThrough());
    EventDispatcher<K, V> events = new EventDispatcher<>(resources.asyncExecutor());
    NearCache near = configuration.getNearCache().enabled()
        ? new NearCache(configuration.getNearCache(),
            resources.client().settings().callTimeout().plusSeconds(1), resources.ticker())
        : NearCache.disabled();
    this.ctx = new CacheContext<>(this, configuration, resources, new ExpiryCalculator(policy), io,
        events, near);
    this.reads = new Reads<>(ctx);
    this.writes = new Writes<>(ctx);
    this.removals = new Removals<>(ctx);
    this.processors = new Processors<>(ctx);
    this.failOpen = new FailOpen<>(ctx, configuration.getOnUnavailable());
    this.feed = new RemoteEventFeed<>(resources.client(), name, this::toEvent, events,
        resources.scheduler());
    this.nearFeed = near.enabled()
        ? new NearCacheFeed(resources.client(), name, near, ctx::nearKey, resources.scheduler())
        : null;
    if (nearFeed != null) {
      nearFeed.start();
    }
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    if (events.hasListeners()) {
      feed.start();
    }
    setManagementEnabled(configuration.isManagementEnabled());
    setStatisticsEnabled(configuration.isStatisticsEnabled());
  }

  // ---- reads ----

  @Override
  public V get(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    try {
      return reads.get(key); // no lambdas here: this is the near-cache hit path
    } catch (CacheException e) {
      return failOpen.read(() -> {
        throw e;
      }, () -> failOpen.missingValue(key));
    }
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    requireNoNulls(keys, "keys");
    return failOpen.read(() -> reads.getAll(keys), () -> failOpen.missingValues(keys));
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    return failOpen.read(() -> reads.containsKey(key), () -> false);
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    requireOpen();
    requireNoNulls(keys, "keys");
    reads.loadAll(keys, replaceExistingValues, listener);
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator<>(ctx, key -> {
      requireOpen();
      removals.remove(key);
    });
  }

  // ---- writes ----

  @Override
  public void put(K key, V value) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    failOpen.write(() -> writes.put(key, value));
  }

  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return failOpen.write(() -> writes.getAndPut(key, value), null);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      Objects.requireNonNull(e.getKey(), "a key in the map");
      Objects.requireNonNull(e.getValue(), "a value in the map");
    }
    failOpen.write(() -> writes.putAll(map));
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return failOpen.write(() -> writes.putIfAbsent(key, value), false);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    return failOpen.write(() -> writes.replace(key, oldValue, newValue), false);
  }

  @Override
  public boolean replace(K key, V value) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return failOpen.write(() -> writes.replace(key, value), false);
  }

  @Override
  public V getAndReplace(K key, V value) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return failOpen.write(() -> writes.getAndReplace(key, value), null);
  }

  // ---- removals ----

  @Override
  public boolean remove(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    return failOpen.write(() -> removals.remove(key), false);
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    return failOpen.write(() -> removals.remove(key, oldValue), false);
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    return failOpen.write(() -> removals.getAndRemove(key), null);
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    requireNoNulls(keys, "keys");
    failOpen.write(() -> removals.removeAll(keys));
  }

  @Override
  public void removeAll() {
    requireOpen();
    failOpen.write(removals::removeAll);
  }

  @Override
  public void clear() {
    requireOpen();
    failOpen.write(removals::clear);
  }

  // ---- entry processors ----

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return failOpen.read(() -> processors.invoke(key, entryProcessor, arguments),
        () -> failOpen.invokeDetached(key, entryProcessor, arguments));
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireNoNulls(keys, "keys");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return processors.invokeAll(keys, entryProcessor, arguments);
  }

  // ---- listeners ----

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    requireOpen();
    Objects.requireNonNull(configuration, "cacheEntryListenerConfiguration");
    ctx.events.register(configuration);
    ctx.configuration.addCacheEntryListenerConfiguration(configuration);
    feed.start();
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    requireOpen();
    Objects.requireNonNull(configuration, "cacheEntryListenerConfiguration");
    if (ctx.events.deregister(configuration)) {
      ctx.configuration.removeCacheEntryListenerConfiguration(configuration);
    }
    if (!ctx.events.hasListeners()) {
      feed.stop();
    }
  }

  private CirrusEntryEvent<K, V> toEvent(CacheChange change) {
    K key = ctx.decodeKey(change.key());
    V value = change.value() == null ? null : ctx.decodeValue(change.value());
    V old = change.oldValue() == null ? null : ctx.decodeValue(change.oldValue());
    switch (change.type()) {
      case CREATED:
        return CirrusEntryEvent.created(this, key, value);
      case UPDATED:
        return CirrusEntryEvent.updated(this, key, value, old);
      case REMOVED:
        return CirrusEntryEvent.removed(this, key, old);
      case EXPIRED:
        return CirrusEntryEvent.expired(this, key, old);
      default:
        throw new IllegalArgumentException("not an entry event: " + change.type());
    }
  }

  // ---- configuration, statistics, management ----

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(ctx.configuration)) {
      return clazz.cast(ctx.configuration);
    }
    throw new IllegalArgumentException("The configuration of cache '" + name + "' is a "
        + ctx.configuration.getClass().getName() + ", not a " + clazz.getName());
  }

  /** Switches statistics on or off at run time, registering or removing the MXBean. */
  public void setStatisticsEnabled(boolean enabled) {
    ctx.configuration.setStatisticsEnabled(enabled);
    if (enabled) {
      MBeans.register(ctx.stats, statisticsName());
      if (ctx.near.enabled()) {
        ctx.near.countFigures(true);
        MBeans.register(new NearCacheStatistics(ctx.near), nearCacheName());
      }
    } else {
      MBeans.unregister(statisticsName());
      MBeans.unregister(nearCacheName());
      ctx.near.countFigures(false);
    }
  }

  private javax.management.ObjectName nearCacheName() {
    return MBeans.name(MBeans.Kind.NEAR_CACHE, ctx.resources.managerUri(), name);
  }

  /** Switches management on or off at run time, registering or removing the MXBean. */
  public void setManagementEnabled(boolean enabled) {
    ctx.configuration.setManagementEnabled(enabled);
    if (enabled) {
      MBeans.register(new CacheConfigurationBean(ctx.configuration), configurationName());
    } else {
      MBeans.unregister(configurationName());
    }
  }

  private javax.management.ObjectName statisticsName() {
    return MBeans.name(MBeans.Kind.STATISTICS, ctx.resources.managerUri(), name);
  }

  private javax.management.ObjectName configurationName() {
    return MBeans.name(MBeans.Kind.CONFIGURATION, ctx.resources.managerUri(), name);
  }

  // ---- identity and lifecycle ----

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isAssignableFrom(getClass())) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cache '" + name + "' cannot be unwrapped to "
        + clazz.getName() + "; it is a " + getClass().getName());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes this client's view of the cache: stops its change stream, unregisters its MXBeans and
   * closes the loader, writer, listeners and expiry policy if they hold resources. The cache and
   * its entries stay on the server.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    CloseFailures failures = new CloseFailures();
    failures.run(reads::awaitLoads);
    failures.run(feed::stop);
    if (nearFeed != null) {
      failures.run(nearFeed::stop);
    }
    failures.run(() -> MBeans.unregister(nearCacheName()));
    failures.run(() -> MBeans.unregister(statisticsName()));
    failures.run(() -> MBeans.unregister(configurationName()));
    ctx.events.close(failures.list());
    ctx.io.close(failures.list());
    if (ctx.expiry.policy() instanceof Closeable c) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    }
    onClose.accept(this);
    failures.throwIfAny("cache '" + name + "'");
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "' is closed; get it again from its"
          + " CacheManager");
    }
  }

  private static void requireNoNulls(Set<?> keys, String what) {
    Objects.requireNonNull(keys, what);
    for (Object key : keys) {
      Objects.requireNonNull(key, "a key in " + what);
    }
  }

  @Override
  public String toString() {
    return "CirrusCache[" + name + "]";
  }
}
