package dev.cirrus.jcache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.config.ExpiryKind;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.config.CacheSettings;
import dev.cirrus.jcache.internal.config.ProviderConfig;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.expiry.EternalExpiryPolicy;

/**
 * A cache's configuration: what the application or the cache's creator gave, merged with the
 * config file's settings for that cache ({@code cirrus.default.*}, {@code cirrus.cache.<name>.*}).
 * Each result is the cache's own copy.
 */
final class CacheConfigurations {

  private final ProviderConfig config;
  private final ClassLoader classLoader;

  CacheConfigurations(ProviderConfig config, ClassLoader classLoader) {
    this.config = config;
    this.classLoader = classLoader;
  }

  /** For {@code createCache}: the caller's configuration, tuned by the config file. */
  <K, V> CirrusConfiguration<K, V> forCreate(String cacheName, Configuration<K, V> configuration) {
    CirrusConfiguration<K, V> copy = copyOf(configuration);
    applySettings(copy, config.settingsFor(cacheName));
    return copy;
  }

  /** For a cache the config file names ({@code cirrus.caches}): its settings alone. */
  CirrusConfiguration<Object, Object> fromSettings(String cacheName) {
    CirrusConfiguration<Object, Object> configuration = new CirrusConfiguration<>();
    applySettings(configuration, config.settingsFor(cacheName));
    return configuration;
  }

  /**
   * For a cache another client created, from what its creator stored: this client's own settings
   * (statistics, management, near cache) apply to its view; the entries' expiry stays the
   * creator's.
   */
  CirrusConfiguration<Object, Object> forExisting(String cacheName, ByteString stored) {
    CirrusConfiguration<Object, Object> configuration =
        new CirrusConfiguration<>(ConfigurationDescriptor.decode(stored, classLoader));
    applyClientSettings(configuration, config.settingsFor(cacheName));
    return configuration;
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

  private static void applyClientSettings(CirrusConfiguration<?, ?> configuration, CacheSettings settings) {
    configuration.nearCache(settings.nearCache(configuration.getNearCache()));
    if (settings.onUnavailable() != null) {
      configuration.onUnavailable(settings.onUnavailable());
    }
    if (settings.statistics() != null) {
      configuration.setStatisticsEnabled(settings.statistics());
    }
    if (settings.management() != null) {
      configuration.setManagementEnabled(settings.management());
    }
  }

  /** Config-file settings win over a configuration's defaults: they are how users tune caches. */
  private static void applySettings(CirrusConfiguration<?, ?> configuration, CacheSettings settings) {
    applyClientSettings(configuration, settings);
    if (settings.expiryTtl() != null && !settings.expiryTtl().isZero()
        && configuration.getExpiryPolicyFactory().create() instanceof EternalExpiryPolicy) {
      ExpiryKind kind = settings.expiryKind() == null ? ExpiryKind.CREATED : settings.expiryKind();
      configuration.setExpiryPolicyFactory(kind.factory(settings.expiryTtl()));
    }
  }
}
