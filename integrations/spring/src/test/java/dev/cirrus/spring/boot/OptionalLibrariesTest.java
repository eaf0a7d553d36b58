package dev.cirrus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import javax.cache.configuration.CompleteConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/** The auto-configuration in applications that lack one of its optional libraries. */
@ExtendWith(CirrusExtension.class)
class OptionalLibrariesTest {

  @Test
  void withoutBootHealth_theCacheManagerIsMadeButNoIndicator(CirrusAccount account) {
    try (ConfigurableApplicationContext app = runWithout(account,
        "/org/springframework/boot/spring-boot-health/", BootApp.class)) {
      assertTrue(app.containsBean("cirrusCacheManager"));
      assertFalse(app.containsBean("cirrusHealthIndicator"));
    }
  }

  @Test
  void withoutBootCacheSupport_theAutoConfigurationBacksOff(CirrusAccount account) {
    // Without Boot's cache support an @EnableCaching application must define its CacheManager
    // itself, so this application does not enable caching.
    try (ConfigurableApplicationContext app = runWithout(account,
        "/org/springframework/boot/spring-boot-cache/", NoCachingApp.class)) {
      assertFalse(app.containsBean("cirrusCacheManager"));
      assertFalse(app.containsBean("cirrusHealthIndicator"));
    }
  }

  @Test
  void withoutMicrometer_statisticsStayOffByDefault(CirrusAccount account) {
    try (ConfigurableApplicationContext app = runWithout(account,
        "/io/micrometer/micrometer-core/", BootApp.class)) {
      assertFalse(statisticsOfBooks(app));
    }
  }

  @Test
  void withMicrometer_statisticsAreOnByDefault(CirrusAccount account) {
    try (ConfigurableApplicationContext app = runWithout(account,
        "/no/such/library/", BootApp.class)) {
      assertTrue(statisticsOfBooks(app));
    }
  }

  /** Runs the application without the library whose Maven repository folder is {@code library}. */
  private static ConfigurableApplicationContext runWithout(
      CirrusAccount account, String library, Class<?> application) {
    ClassLoader classPath =
        new HidingClassLoader(OptionalLibrariesTest.class.getClassLoader(), library);
    return BootApps.builder(application)
        .resourceLoader(new DefaultResourceLoader(classPath))
        .run(BootApps.arguments(BootApps.cirrus(account,
            "spring.cache.cache-names=books")));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class NoCachingApp {}

  private static boolean statisticsOfBooks(ConfigurableApplicationContext app) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<?, ?> books = app.getBean(CirrusCacheManager.class).getCache("books")
        .getConfiguration(CompleteConfiguration.class);
    return books.isStatisticsEnabled();
  }
}
