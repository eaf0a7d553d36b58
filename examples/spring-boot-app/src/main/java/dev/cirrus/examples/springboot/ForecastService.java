package dev.cirrus.examples.springboot;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A slow weather lookup, cached: only a miss pays for the lookup. */
@Service
public class ForecastService {

  private static final List<String> SKIES = List.of("sunny", "cloudy", "rain", "fog", "snow");

  private final Duration delay;
  private final AtomicInteger lookups = new AtomicInteger();

  public ForecastService(@Value("${forecast.delay}") Duration delay) {
    this.delay = delay;
  }

  @Cacheable("forecasts")
  public Forecast forecast(String city) {
    lookups.incrementAndGet();
    try {
      Thread.sleep(delay.toMillis()); // stands in for a remote weather service
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up " + city, e);
    }
    int seed = Math.abs(city.hashCode());
    return new Forecast(city, seed % 30, SKIES.get(seed % SKIES.size()));
  }

  @CacheEvict("forecasts")
  public void forget(String city) {}

  /** How many lookups really ran (cache misses). */
  public int lookups() {
    return lookups.get();
  }
}
