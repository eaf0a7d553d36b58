package dev.cirrus.jcache.internal.cache;

import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.internal.event.EventDispatcher;
import dev.cirrus.jcache.internal.event.RemoteEventFeed;
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
  private final CirrusConfiguration<K, V> configuration;
  private final EventDispatcher<K, V> listeners;
  private final Reads<K, V> reads;
  private final Writes<K, V> writes;
  private final Removals<K, V> removals;
  private final Processors<K, V> processors;
  private final FailOpen<K, V> failOpen;
  private final RemoteEventFeed<K, V> feed;
  private final NearCacheFeed nearFeed;
  private final CacheMBeans mbeans;
  /** For the iterators, which take their parts when they start, and for closing them. */
  private final CacheParts<K, V> parts;
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
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
    this.listeners = new EventDispatcher<>(resources.asyncExecutor());
    CacheParts<K, V> parts = CacheParts.assemble(this, configuration, resources, listeners);
    this.reads = new Reads<>(parts);
    this.writes = new Writes<>(parts);
    this.removals = new Removals<>(parts);
    this.processors = new Processors<>(parts);
    this.failOpen = new FailOpen<>(parts, configuration.getOnUnavailable(), resources.ticker());
    this.feed = new RemoteEventFeed<>(resources.client(), name, parts.events()::toEvent, listeners,
        resources.scheduler());
    NearPolicy<K, V> near = parts.near();
    this.nearFeed = near.enabled()
        ? new NearCacheFeed(resources.client(), name, near.cache(), near::nearKey, resources.scheduler())
        : null;
    this.mbeans = new CacheMBeans(configuration, parts.stats().figures(), near.cache(),
        resources.managerUri(), name);
    this.parts = parts;
    if (nearFeed != null) {
      nearFeed.start();
    }
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      listeners.register(listener);
    }
    if (listeners.hasListeners()) {
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
    return new EntryIterator<>(parts, key -> {
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
    listeners.register(configuration);
    this.configuration.addCacheEntryListenerConfiguration(configuration);
    feed.start();
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    requireOpen();
    Objects.requireNonNull(configuration, "cacheEntryListenerConfiguration");
    if (listeners.deregister(configuration)) {
      this.configuration.removeCacheEntryListenerConfiguration(configuration);
    }
    if (!listeners.hasListeners()) {
      feed.stop();
    }
  }

  // ---- configuration, statistics, management ----

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(configuration);
    }
    throw new IllegalArgumentException("The configuration of cache '" + name + "' is a "
        + configuration.getClass().getName() + ", not a " + clazz.getName());
  }

  /** Switches statistics on or off at run time, registering or removing the MXBean. */
  public void setStatisticsEnabled(boolean enabled) {
    mbeans.setStatisticsEnabled(enabled);
  }

  /** Switches management on or off at run time, registering or removing the MXBean. */
  public void setManagementEnabled(boolean enabled) {
    mbeans.setManagementEnabled(enabled);
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
    mbeans.unregisterAll(failures);
    listeners.close(failures.list());
    parts.io().close(failures.list());
    if (parts.expiry().policy() instanceof Closeable c) {
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
