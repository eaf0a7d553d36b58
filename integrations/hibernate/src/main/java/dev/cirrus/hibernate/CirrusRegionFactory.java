package dev.cirrus.hibernate;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.jcache.config.Endpoint;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.jcache.ConfigSettings;
import org.hibernate.cache.jcache.MissingCacheStrategy;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.support.RegionNameQualifier;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * hibernate-jcache's region factory with what a shared Cirrus server needs, selected with
 * {@code hibernate.cache.region.factory_class=cirrus}. It reads the same settings
 * ({@code hibernate.javax.cache.uri}, {@code hibernate.javax.cache.missing_cache_strategy}) and
 * differs in four ways:
 *
 * <ul>
 *   <li>The update-timestamps region is created eternal, whatever {@code cirrus.default.expiry.ttl}
 *       says, and a timestamp the server lost counts as "updated now" ({@link UpdateTimestampsAccess}),
 *       so the query cache never serves results older than an update.
 *   <li>Missing regions are created without a warning each; one line sums up the regions once the
 *       SessionFactory is built ({@link RegionReport}). {@code fail} still fails, naming the region
 *       and {@code cirrus.caches}.
 *   <li>Each SessionFactory gets a CacheManager of its own, so closing one does not close the caches
 *       of another in the same JVM.
 *   <li>{@code hibernate.javax.cache.uri} may also be a server ({@code cirrus://host:port}) or
 *       {@code classpath:cirrus.properties}, and {@code hibernate.javax.cache.provider} need not be
 *       set.
 * </ul>
 *
 * <p>Concurrency: the fields are written while Hibernate starts or stops the factory (under its
 * lock) and read by region creation, which happens between the two.
 */
public class CirrusRegionFactory extends JCacheRegionFactory {

  private static final long serialVersionUID = 1L;

  private volatile CirrusCachingProvider ownProvider;
  private volatile MissingCacheStrategy missingCacheStrategy;
  private volatile RegionReport report;
  private volatile UpdateTimestampsAccess timestamps;

  @Override
  protected void prepareForUse(SessionFactoryOptions settings, Map<String, Object> configValues) {
    super.prepareForUse(settings, configValues);
    // Ours, because hibernate-jcache keeps its own in a private field: unset means create-warn,
    // which here creates too; the warning per region is replaced by the summary line.
    missingCacheStrategy = MissingCacheStrategy.interpretSetting(
        configValues.get(ConfigSettings.MISSING_CACHE_STRATEGY));
    report = new RegionReport(describe(getCacheManager()));
  }

  @Override
  protected CacheManager resolveCacheManager(SessionFactoryOptions settings, Map<String, Object> properties) {
    if (properties.get(ConfigSettings.CACHE_MANAGER) != null) {
      return super.resolveCacheManager(settings, properties);
    }
    requireCirrusProvider(properties.get(ConfigSettings.PROVIDER));
    // hibernate-jcache asks the provider for its one manager per URI and closes it with the
    // SessionFactory, which also closes the caches of any other SessionFactory of the JVM on that
    // URI (a second persistence unit, Spring's test context cache). A provider of our own makes the
    // manager this SessionFactory's alone.
    CirrusCachingProvider provider = new CirrusCachingProvider();
    ownProvider = provider;
    URI uri = getUri(settings, properties);
    // Hibernate's class loader sees the application's classes, which cached entity state may hold
    // (enums, Serializable attribute types) even when the Cirrus jar sits in a parent loader.
    ClassLoader loader = settings.getServiceRegistry().requireService(ClassLoaderService.class)
        .workWithClassLoader(aggregated -> aggregated);
    return provider.getCacheManager(uri != null ? uri : provider.getDefaultURI(), loader);
  }

  @Override
  protected URI getUri(SessionFactoryOptions settings, Map<String, Object> properties) {
    Object configured = properties.get(ConfigSettings.CONFIG_URI);
    if (configured instanceof String text && isForTheProvider(text)) {
      return URI.create(text.trim());
    }
    return super.getUri(settings, properties);
  }

  @Override
  protected Cache<Object, Object> getOrCreateCache(String unqualifiedRegionName,
      SessionFactoryImplementor sessionFactory) {
    return regionCache(unqualifiedRegionName, sessionFactory, new MutableConfiguration<>());
  }

  @Override
  protected StorageAccess createTimestampsRegionStorageAccess(String regionName,
      SessionFactoryImplementor sessionFactory) {
    String name = defaultRegionName(regionName, sessionFactory,
        DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME,
        LEGACY_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAMES);
    // Eternal, and explicitly so: the provider applies cirrus.default.expiry.ttl to caches created
    // without an expiry policy, and an expired timestamp would cost the query cache its hits.
    MutableConfiguration<Object, Object> eternal = new MutableConfiguration<>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ETERNAL));
    UpdateTimestampsAccess access = new UpdateTimestampsAccess(
        regionCache(name, sessionFactory, eternal), this::nextTimestamp);
    timestamps = access;
    return access;
  }

  @Override
  protected void releaseFromUse() {
    CirrusCachingProvider provider = ownProvider;
    ownProvider = null;
    report = null;
    timestamps = null;
    try {
      super.releaseFromUse();
    } finally {
      if (provider != null) {
        provider.close();
      }
    }
  }

  private Cache<Object, Object> regionCache(String unqualifiedRegionName,
      SessionFactoryImplementor sessionFactory, MutableConfiguration<Object, Object> configuration) {
    verifyStarted();
    String name = RegionNameQualifier.INSTANCE.qualify(
        unqualifiedRegionName, sessionFactory.getSessionFactoryOptions());
    RegionReport regions = report;
    if (regions.startObserving()) {
      sessionFactory.addObserver(new StartupObserver());
    }
    CacheManager manager = getCacheManager();
    Cache<Object, Object> cache = manager.getCache(name);
    if (cache != null) {
      regions.found(name);
      return cache;
    }
    if (missingCacheStrategy == MissingCacheStrategy.FAIL) {
      throw new CacheException("Second-level cache region '" + name + "' does not exist on Cirrus "
          + describe(manager) + " and " + ConfigSettings.MISSING_CACHE_STRATEGY + "=fail; create it"
          + " when the CacheManager starts with cirrus.caches=" + name + ",... in "
          + manager.getURI() + ", or set " + ConfigSettings.MISSING_CACHE_STRATEGY + "=create");
    }
    cache = manager.createCache(name, configuration);
    regions.created(name);
    return cache;
  }

  private static void requireCirrusProvider(Object configured) {
    if (configured == null) {
      return;
    }
    String name = configured instanceof Class<?> type ? type.getName() : configured.toString().trim();
    if (!name.equals(CirrusCachingProvider.class.getName())) {
      throw new CacheException("hibernate.cache.region.factory_class=cirrus uses the Cirrus JCache"
          + " provider, but " + ConfigSettings.PROVIDER + " names " + name + "; remove that setting,"
          + " or use hibernate.cache.region.factory_class=jcache for another provider");
    }
  }

  /**
   * Whether the provider, rather than hibernate-jcache, should read the URI: a server
   * ({@code cirrus://host:port}), which is no resource at all, or {@code classpath:name}, the form
   * Cirrus and Spring use, which hibernate-jcache does not understand (it strips only
   * {@code classpath://}). The provider reads class-path resources through Hibernate's class loader.
   */
  private static boolean isForTheProvider(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    return lower.startsWith("cirrus:") || lower.startsWith("cirrus+tls:")
        || (lower.startsWith("classpath:") && !lower.startsWith("classpath://"));
  }

  private static String describe(CacheManager manager) {
    if (manager instanceof CirrusCacheManager cirrus) {
      return Endpoint.toString(cirrus.configuration().endpoints());
    }
    return manager.getURI().toString();
  }

  /** Ends startup: seeds the tables' update timestamps, then logs the summary. */
  private final class StartupObserver implements SessionFactoryObserver {
    private static final long serialVersionUID = 1L;

    @Override
    public void sessionFactoryCreated(SessionFactory factory) {
      RegionReport regions = report;
      UpdateTimestampsAccess access = timestamps;
      if (regions == null) {
        return;
      }
      int seeded = 0;
      String timestampsRegion = null;
      if (access != null) {
        seeded = access.seed(UpdateTimestampsAccess.tablesOf(factory.unwrap(SessionFactoryImplementor.class)));
        timestampsRegion = access.getUnderlyingCache().getName();
      }
      regions.report(timestampsRegion, seeded);
    }
  }
}
