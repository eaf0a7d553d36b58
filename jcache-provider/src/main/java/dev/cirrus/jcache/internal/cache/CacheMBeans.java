package dev.cirrus.jcache.internal.cache;

import dev.cirrus.jcache.internal.management.CacheConfigurationBean;
import dev.cirrus.jcache.internal.management.CacheStatistics;
import dev.cirrus.jcache.internal.management.MBeans;
import dev.cirrus.jcache.internal.management.NearCacheStatistics;
import dev.cirrus.jcache.internal.near.NearCache;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;

/**
 * A cache's statistics and management switches and the MXBeans they register under the standard
 * JMX names: {@code CacheStatistics} (with the near cache's own figures when it has one) and
 * {@code CacheConfiguration}.
 *
 * <p>Most caches register none: their names are made, and the MBeanServer asked, only once a
 * switch turns on. Making three ObjectNames and asking the server about each on every open and
 * close was about two fifths of the client's CPU in a createCache and destroyCache. Thread-safe:
 * the switches hold this object's lock.
 */
final class CacheMBeans {

  private final MutableConfiguration<?, ?> configuration;
  private final CacheStatistics figures;
  private final NearCache near;
  private final URI managerUri;
  private final String cacheName;
  /** The names registered by this cache, by kind; empty until a switch turns on. */
  private final Map<MBeans.Kind, ObjectName> registered = new EnumMap<>(MBeans.Kind.class);

  CacheMBeans(MutableConfiguration<?, ?> configuration, CacheStatistics figures, NearCache near,
      URI managerUri, String cacheName) {
    this.configuration = configuration;
    this.figures = figures;
    this.near = near;
    this.managerUri = managerUri;
    this.cacheName = cacheName;
  }

  /** Switches statistics on or off at run time, registering or removing the MXBean. */
  synchronized void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    if (enabled) {
      register(MBeans.Kind.STATISTICS, figures);
      if (near.enabled()) {
        near.countFigures(true);
        register(MBeans.Kind.NEAR_CACHE, new NearCacheStatistics(near));
      }
    } else {
      unregister(MBeans.Kind.STATISTICS);
      unregister(MBeans.Kind.NEAR_CACHE);
      near.countFigures(false);
    }
  }

  /** Switches management on or off at run time, registering or removing the MXBean. */
  synchronized void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      register(MBeans.Kind.CONFIGURATION, new CacheConfigurationBean(configuration));
    } else {
      unregister(MBeans.Kind.CONFIGURATION);
    }
  }

  /** Removes every MXBean of the cache, carrying on past failures. */
  synchronized void unregisterAll(CloseFailures failures) {
    for (MBeans.Kind kind : MBeans.Kind.values()) {
      failures.run(() -> unregister(kind));
    }
  }

  private void register(MBeans.Kind kind, Object bean) {
    ObjectName name = registered.get(kind);
    if (name == null) {
      name = MBeans.name(kind, managerUri, cacheName);
    }
    MBeans.register(bean, name);
    registered.put(kind, name);
  }

  private void unregister(MBeans.Kind kind) {
    ObjectName name = registered.remove(kind);
    if (name != null) {
      MBeans.unregister(name);
    }
  }
}
