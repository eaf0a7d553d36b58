package dev.cirrus.spring.boot;

import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.spring.CirrusCacheManagerBuilder;
import javax.cache.CacheManager;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.util.ClassUtils;

/**
 * A Cirrus {@link CacheManager} from {@code cirrus.*} properties, with the caches named in
 * {@code spring.cache.cache-names}. It runs before Boot's cache auto-configuration, which then
 * wraps this CacheManager in a {@link JCacheCacheManager} for {@code @Cacheable} and the JSR-107
 * annotations, and binds its caches to Micrometer when a {@code MeterRegistry} is there.
 *
 * <p>Backs off when the application defines its own JCache or Spring CacheManager, names a config
 * file with {@code spring.cache.jcache.config} (Boot then hands that file to the provider itself),
 * picks another JCache provider or another {@code spring.cache.type}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({CirrusCachingProvider.class, JCacheCacheManager.class, CacheProperties.class})
@ConditionalOnMissingBean({CacheManager.class, org.springframework.cache.CacheManager.class})
@ConditionalOnProperty(prefix = "spring.cache", name = "type", havingValue = "jcache",
    matchIfMissing = true)
@ConditionalOnProperty(prefix = "spring.cache.jcache", name = "provider",
    havingValue = "dev.cirrus.jcache.CirrusCachingProvider", matchIfMissing = true)
@Conditional(CirrusCacheAutoConfiguration.NoJCacheConfigFile.class)
@EnableConfigurationProperties({CirrusProperties.class, CacheProperties.class})
public final class CirrusCacheAutoConfiguration implements BeanClassLoaderAware {

  private static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";

  /** Resolves cached classes: the application's loader, which may be a devtools restart loader. */
  private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Bean
  CacheManager cirrusCacheManager(
      CirrusProperties cirrus, CacheProperties cache,
      ObjectProvider<JCacheManagerCustomizer> customizers) {
    CirrusCacheManagerBuilder builder = CirrusCacheManagerBuilder.create()
        .classLoader(classLoader)
        .caches(cache.getCacheNames());
    cirrus.applyTo(builder);
    // Boot binds every cache to Micrometer when it is present, but JCache meters read the cache's
    // statistics, which are off by default: without this the meters would all stay at zero.
    if (cirrus.getDefault().getStatistics() == null && ClassUtils.isPresent(MICROMETER, classLoader)) {
      builder.property("cirrus.default.statistics", "true");
    }
    CacheManager manager = builder.build();
    try {
      customizers.orderedStream().forEach(customizer -> customizer.customize(manager));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return manager;
  }

  /** Matches unless {@code spring.cache.jcache.config} is set. */
  static final class NoJCacheConfigFile extends NoneNestedConditions {

    NoJCacheConfigFile() {
      super(ConfigurationPhase.PARSE_CONFIGURATION);
    }

    @ConditionalOnProperty(prefix = "spring.cache.jcache", name = "config")
    static final class ConfigFileNamed {}
  }
}
