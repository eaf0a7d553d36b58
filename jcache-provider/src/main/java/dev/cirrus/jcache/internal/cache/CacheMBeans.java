package dev.cirrus.jcache.internal.cache;

import dev.cirrus.jcache.internal.management.CacheConfigurationBean;
import dev.cirrus.jcache.internal.management.CacheStatistics;
import dev.cirrus.jcache.internal.management.MBeans;
import dev.cirrus.jcache.internal.management.NearCacheStatistics;
import dev.cirrus.jcache.internal.near.NearCache;
import java.net.URI;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;

/**
 * A cache's statistics and management switches and the MXBeans they register under the standard
 * JMX names: {@code CacheStatistics} (with the near cache's own figures when it has one) and
 * {@code CacheConfiguration}.
 */
final class CacheMBeans {

  private final MutableConfiguration<?, ?> configuration;
  private final CacheStatistics figures;
  private final NearCache near;
  private final ObjectName statisticsName;
  private final ObjectName nearCacheName;
  private final ObjectName configurationName;

  CacheMBeans(MutableConfiguration<?, ?> configuration, CacheStatistics figures, NearCache near,
      URI managerUri, String cacheName) {
    this.configuration = configuration;
    this.figures = figures;
    this.near = near;
    this.statisticsName = MBeans.name(MBeans.Kind.STATISTICS, managerUri, cacheName);
    this.nearCacheName = MBeans.name(MBeans.Kind.NEAR_CACHE, managerUri, cacheName);
    this.configurationName = MBeans.name(MBeans.Kind.CONFIGURATION, managerUri, cacheName);
  }

  /** Switches statistics on or off at run time, registering or removing the MXBean. */
  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    if (enabled) {
      MBeans.register(figures, statisticsName);
      if (near.enabled()) {
        near.countFigures(true);
        MBeans.register(new NearCacheStatistics(near), nearCacheName);
      }
    } else {
      MBeans.unregister(statisticsName);
      MBeans.unregister(nearCacheName);
      near.countFigures(false);
    }
  }

  /** Switches management on or off at run time, registering or removing the MXBean. */
  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      MBeans.register(new CacheConfigurationBean(configuration), configurationName);
    } else {
      MBeans.unregister(configurationName);
    }
  }

  /** Removes every MXBean of the cache, carrying on past failures. */
  void unregisterAll(CloseFailures failures) {
    failures.run(() -> MBeans.unregister(nearCacheName));
    failures.run(() -> MBeans.unregister(statisticsName));
    failures.run(() -> MBeans.unregister(configurationName));
  }
}
