package dev.cirrus.hibernate;

import dev.cirrus.jcache.CirrusCacheManager;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;

/**
 * Declares to the Cirrus CacheManager of a SessionFactory the classes its second-level cache holds
 * ({@link CachedClasses}), so that the provider's deserialization allow-list decodes entries other
 * JVMs wrote, with nothing to configure. Runs for {@code factory_class=cirrus} and for plain
 * {@code jcache} alike (Hibernate discovers it on the class path); does nothing when the cache is
 * off or on another JCache provider.
 */
public final class CachedClassesIntegrator implements Integrator {

  @Override
  public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
      SessionFactoryImplementor sessionFactory) {
    // The region factory starts while the SessionFactory is being built: its CacheManager is
    // there once the factory is created, before any session can read the cache.
    sessionFactory.addObserver(new SessionFactoryObserver() {
      private static final long serialVersionUID = 1L;

      @Override
      public void sessionFactoryCreated(SessionFactory factory) {
        CirrusCacheManager manager = cirrusManagerOf(sessionFactory);
        if (manager != null) {
          manager.allowDeserializationOf(CachedClasses.of(metadata).toArray(Class<?>[]::new));
        }
      }
    });
  }

  private static CirrusCacheManager cirrusManagerOf(SessionFactoryImplementor sessionFactory) {
    RegionFactory regions = sessionFactory.getCache() == null ? null
        : sessionFactory.getCache().getRegionFactory();
    if (!(regions instanceof JCacheRegionFactory jcache)) {
      return null;
    }
    CacheManager manager = jcache.getCacheManager();
    return manager instanceof CirrusCacheManager cirrus ? cirrus : null;
  }
}
