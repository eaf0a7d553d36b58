package dev.cirrus.examples.springboot;

import dev.cirrus.jcache.CirrusCacheManager;
import java.io.PrintStream;
import java.util.List;
import javax.cache.CacheManager;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/** Asks for a few forecasts at start and prints how long each took and where it came from. */
@Component
public class ForecastReport implements CommandLineRunner {

  static final List<String> CITIES = List.of("Lisbon", "Oslo", "Lisbon", "Oslo", "Lisbon");

  private final ForecastService forecasts;
  private final CacheManager cacheManager;

  public ForecastReport(ForecastService forecasts, CacheManager cacheManager) {
    this.forecasts = forecasts;
    this.cacheManager = cacheManager;
  }

  @Override
  public void run(String... args) {
    report(System.out);
  }

  void report(PrintStream out) {
    out.println("Caching forecasts in the Cirrus server at "
        + cacheManager.unwrap(CirrusCacheManager.class).configuration().endpoint());
    for (String city : CITIES) {
      ask(city, out);
    }
    forecasts.forget("Oslo");
    out.println("Evicted Oslo");
    ask("Oslo", out);
    out.println(forecasts.lookups() + " lookups for " + (CITIES.size() + 1) + " calls");
  }

  private void ask(String city, PrintStream out) {
    int before = forecasts.lookups();
    long start = System.nanoTime();
    Forecast forecast = forecasts.forecast(city);
    long millis = (System.nanoTime() - start) / 1_000_000;
    String source = forecasts.lookups() > before ? "looked up" : "from cache";
    out.printf("  %-7s %5d ms  %-10s  %s%n", city, millis, source, forecast);
  }
}
