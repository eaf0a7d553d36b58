package dev.cirrus.hibernate;

import java.util.List;
import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

/**
 * Lets users write {@code hibernate.cache.region.factory_class=cirrus}. Hibernate finds this class
 * through {@code META-INF/services}, as it finds hibernate-jcache's {@code jcache}.
 */
public final class CirrusRegionFactoryRegistration implements StrategyRegistrationProvider {

  /** The short name of {@link CirrusRegionFactory}. */
  public static final String SHORT_NAME = "cirrus";

  @Override
  public Iterable<StrategyRegistration<?>> getStrategyRegistrations() {
    return List.of(new SimpleStrategyRegistrationImpl<>(
        RegionFactory.class,
        CirrusRegionFactory.class,
        SHORT_NAME,
        CirrusRegionFactory.class.getName(),
        CirrusRegionFactory.class.getSimpleName()));
  }
}
