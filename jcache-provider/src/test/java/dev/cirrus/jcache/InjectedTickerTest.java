package dev.cirrus.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cirrus.jcache.internal.config.ConfigResolver;
import dev.cirrus.jcache.internal.config.Environment;
import dev.cirrus.jcache.internal.config.ProviderConfig;
import dev.cirrus.jcache.internal.management.MBeans;
import dev.cirrus.jcache.it.CirrusServerExtension;
import dev.cirrus.jcache.it.TestServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The caches of a CacheManager read the time from the ticker its configuration names. */
@ExtendWith(CirrusServerExtension.class)
class InjectedTickerTest {

  @Test
  void statisticsTimings_comeFromTheConfiguredTicker(TestServer server) throws Exception {
    // Every read moves this clock on by 7 ms, so each timed call lasts exactly 7 ms.
    AtomicLong nanos = new AtomicLong();
    Ticker ticker = () -> nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(7));
    URI uri = URI.create(server.endpoint());
    Properties props = new Properties();
    props.setProperty("cirrus.token", server.token(TestServer.freshAccount()));
    ProviderConfig config = new ConfigResolver(Environment.system())
        .resolve(uri, props, getClass().getClassLoader()).withTicker(ticker);
    CirrusCachingProvider provider = new CirrusCachingProvider();
    try (CirrusCacheManager manager = new CirrusCacheManager(
        provider, uri, getClass().getClassLoader(), props, config)) {
      Cache<String, String> cache = manager.createCache("timed",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setStatisticsEnabled(true));
      cache.put("k", "v");
      cache.get("k");
      cache.get("absent");

      var statistics = MBeans.name(MBeans.Kind.STATISTICS, uri, "timed");
      var mbeans = ManagementFactory.getPlatformMBeanServer();
      assertEquals(7_000f, (Float) mbeans.getAttribute(statistics, "AverageGetTime"));
      assertEquals(7_000f, (Float) mbeans.getAttribute(statistics, "AveragePutTime"));
    }
  }
}
