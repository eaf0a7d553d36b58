package dev.cirrus.server.metrics;

import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.store.InMemoryCacheStore;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import dev.cirrus.server.testing.PlainRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a node over Redis tells its operator: its own expirations and change streams per cache,
 * and whether it reaches Redis, on {@code /metrics} and in {@code /health}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisStoreMetricsTest {
  private static final EmbeddedRedisCluster REDIS = PlainRedis.start();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final CirrusServerExtension server = new CirrusServerExtension(b -> b.redisStore(REDIS.target())
      .sweepInterval(InMemoryCacheStore.DEFAULT_SWEEP_INTERVAL).httpPort(0).metricsPublic(true));

  @AfterAll
  static void stopRedis() {
    REDIS.stop();
  }

  @Test
  @Order(1)
  void sweptEntriesAndStreams_areCountedPerCache() throws Exception {
    String cache = server.newCache();
    String labels = "cache=\"" + cache + "\"";
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).build())) {
      set(server.data(), cache, write("a", "1").setCreateTtl(ttl(Duration.ofSeconds(30))));
      set(server.data(), cache, write("b", "2").setCreateTtl(ttl(Duration.ofSeconds(30))));
      set(server.data(), cache, write("c", "3"));
      server.clock().advance(Duration.ofSeconds(30));
      for (int i = 0; i < 3; i++) {
        events.nextChange();
      }
      assertEquals(ChangeType.CHANGE_TYPE_EXPIRED, events.nextChange().getType());
      assertEquals(ChangeType.CHANGE_TYPE_EXPIRED, events.nextChange().getType());

      // Figures over Redis are read in the background, so each may lag by about a second.
      String metrics = awaitScrape(m -> sample(m, "cirrus_cache_expirations_total", labels) == 2
          && sample(m, "cirrus_cache_entries", labels) == 1
          && sample(m, "cirrus_stream_subscribers", labels) == 1
          && sample(m, "cirrus_stream_events_sent_total", labels) >= 6);
      assertEquals(2, sample(metrics, "cirrus_cache_expirations_total", labels), metrics);
      assertEquals(1, sample(metrics, "cirrus_cache_entries", labels), metrics);
      assertEquals(1, sample(metrics, "cirrus_stream_subscribers", labels), metrics);
      // SUBSCRIBED, three writes and two expirations at least (heartbeats may add some).
      assertTrue(sample(metrics, "cirrus_stream_events_sent_total", labels) >= 6, metrics);
      assertEquals(1, sample(metrics, "cirrus_up", "part=\"redis\""), metrics);
    }
  }

  @Test
  @Order(2)
  void redisGone_showsAsDownInMetrics_andNotReadyInHealth() throws Exception {
    assertEquals(200, get("/health").statusCode());
    REDIS.stop();
    // The node notices when a sweep cannot reach Redis (its commands time out after 10 s); the
    // scrapes meanwhile answer at once with the last figures.
    String metrics = awaitScrape(m -> sample(m, "cirrus_up", "part=\"redis\"") == 0);
    assertEquals(0, sample(metrics, "cirrus_up", "part=\"redis\""), metrics);
    HttpResponse<String> health = get("/health");
    assertEquals(503, health.statusCode(), health.body());
    assertTrue(health.body().contains("\"ready\":false"), health.body());
    assertTrue(health.body().contains("\"live\":true"), health.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.server().httpPort() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes until {@code done} holds (at most 30 s); answers the last scrape. */
  private static String awaitScrape(Predicate<String> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String metrics = get("/metrics").body();
    while (!done.test(metrics) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      metrics = get("/metrics").body();
    }
    return metrics;
  }

  /** The value of the sample named {@code name} whose labels include {@code label}. */
  private static double sample(String metrics, String name, String label) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(label)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no sample " + name + " with " + label + " in:\n" + metrics);
  }
}
