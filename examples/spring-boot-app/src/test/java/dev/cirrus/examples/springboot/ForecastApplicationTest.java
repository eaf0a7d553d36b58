package dev.cirrus.examples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

class ForecastApplicationTest {
  @RegisterExtension static CirrusExtension cirrus = CirrusExtension.perClass();

  @Test
  void application_cachesForecastsOnTheServer_andLooksEachCityUpOnce(CirrusAccount account) {
    try (ConfigurableApplicationContext app = SpringApplication.run(ForecastApplication.class,
        "--cirrus.uri=" + account.uri(), "--cirrus.token=" + account.token(),
        "--forecast.delay=10ms")) {
      ForecastService forecasts = app.getBean(ForecastService.class);
      // The report ran at start: Lisbon and Oslo looked up once each, Oslo again after eviction.
      assertEquals(3, forecasts.lookups());
      // Another client, which never cached a Forecast itself, names the class it may decode.
      Cache<Object, Object> cache = account.newCacheManager(
          "cirrus.serialization.allow", Forecast.class.getName()).getCache("forecasts");
      assertEquals(forecasts.forecast("Lisbon"), cache.get("Lisbon"));
      assertTrue(cache.containsKey("Oslo"));

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      app.getBean(ForecastReport.class).report(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String report = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(report.contains("at " + account.uri()), report);
      assertTrue(report.contains("Lisbon") && report.contains("from cache"), report);
      assertEquals(4, forecasts.lookups(), "a second report looks up only the evicted city");
    }
  }
}
