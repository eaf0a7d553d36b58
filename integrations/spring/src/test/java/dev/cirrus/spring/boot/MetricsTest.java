package dev.cirrus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import dev.cirrus.spring.Library;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.cache.configuration.CompleteConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Micrometer cache meters for the caches of {@code spring.cache.cache-names}. */
@ExtendWith(CirrusExtension.class)
class MetricsTest {

  @Test
  void cacheMeters_countTheHitsMissesAndPutsOfCachedMethods(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(MeteredApp.class,
        BootApps.cirrus(account, "spring.cache.cache-names=books"))) {
      MeterRegistry registry = app.getBean(MeterRegistry.class);
      Library library = app.getBean(Library.class);
      library.find("978-1");
      library.find("978-1");
      library.find("978-1");
      library.find("978-2");

      assertEquals(2.0, gets(registry, "hit"));
      assertEquals(2.0, gets(registry, "miss"));
      assertEquals(2.0, registry.get("cache.puts").tag("cache", "books").functionCounter().count());
    }
  }

  @Test
  void statistics_areOnByDefault_whenMicrometerIsPresent(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(MeteredApp.class,
        BootApps.cirrus(account, "spring.cache.cache-names=books"))) {
      @SuppressWarnings("unchecked")
      CompleteConfiguration<?, ?> books = app.getBean(CirrusCacheManager.class).getCache("books")
          .getConfiguration(CompleteConfiguration.class);
      assertTrue(books.isStatisticsEnabled());
    }
  }

  private static double gets(MeterRegistry registry, String result) {
    return registry.get("cache.gets").tag("cache", "books").tag("result", result)
        .functionCounter().count();
  }

  /** An application with a meter registry, as Boot's metrics support would provide one. */
  @Configuration
  @Import(BootApp.class)
  static class MeteredApp {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }
}
