package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.limits.Limits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of a real server after known traffic from the JCache provider: the counters
 * move by exactly that traffic, the text parses as Prometheus exposition, the labels stay within
 * their cap, and only operators (or everyone, with --metrics-public) may read it.
 */
class ServerMetricsTest {
  /** The server's --max-value-bytes here: small, so a refusal is easy to provoke. */
  private static final int MAX_VALUE_BYTES = 2048;
  private static TestServer server;
  private static EmbeddedServer embedded;
  private static HttpClient http;
  private static String operatorToken;

  @BeforeAll
  static void start() throws Exception {
    embedded = EmbeddedServer.start(b -> b.httpPort(0)
        .limits(Limits.builder().maxValueBytes(MAX_VALUE_BYTES).build()));
    server = new TestServer(embedded);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    operatorToken = embedded.token("ops", Duration.ofHours(1), Permission.OPERATOR);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(embedded.httpUri().resolve(path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET {@code path} of {@code server}'s HTTP door with an operator token of that server. */
  private static HttpResponse<String> get(TestServer server, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.server().httpPort() + path))
        .header("Authorization", "Bearer " + server.server().tokens().issue("ops",
            Duration.ofHours(1), Set.of(Permission.OPERATOR)))
        .timeout(Duration.ofSeconds(10)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static PrometheusText scrape(TestServer server) throws Exception {
    HttpResponse<String> response = get(server, "/metrics");
    assertEquals(200, response.statusCode(), response.body());
    return PrometheusText.parse(response.body());
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> response = get("/metrics", operatorToken);
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("")
        .startsWith("text/plain; version=0.0.4"), response.headers().toString());
    return PrometheusText.parse(response.body());
  }

  /** What the default codec makes of a String: one tag byte, then its UTF-8. */
  private static int encoded(String s) {
    return 1 + s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void knownTraffic_movesTheCountersByExactlyThatTraffic() throws Exception {
    String account = TestServer.freshAccount();
    CacheManager manager = server.manager(account);
    Cache<String, String> cache = manager.createCache("books",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    Map<String, String> books = Map.of("k1", "Dune", "k2", "Emma", "k3", "Ulysses");
    books.forEach(cache::put);
    for (String key : new String[] {"k1", "k2", "k3", "nope-1", "nope-2"}) {
      cache.get(key);
    }
    cache.getAll(Set.of("k1", "k2", "nope-3"));
    String tooLarge = "x".repeat(MAX_VALUE_BYTES + 1);
    assertThrows(CacheException.class, () -> cache.put("big", tooLarge));

    PrometheusText metrics = scrape();
    Map<String, String> books0 = Map.of("account", account, "cache", "books");
    assertEquals(3, requests(metrics, books0, "get", "hit"));
    assertEquals(2, requests(metrics, books0, "get", "miss"));
    assertEquals(1, requests(metrics, books0, "get_batch", "ok"));
    assertEquals(3, requests(metrics, books0, "set", "ok"));
    // The provider refuses the oversized put itself, against the limit the server announced: the
    // server never sees it (errors by code are counted in the test of a deleted cache below).
    assertEquals(0, requests(metrics, books0, "set", "limit_exceeded"));
    assertEquals(5, metrics.sum("cirrus_reads_total", with(books0, "result", "hit")));
    assertEquals(3, metrics.sum("cirrus_reads_total", with(books0, "result", "miss")));

    int keys = books.keySet().stream().mapToInt(ServerMetricsTest::encoded).sum();
    int values = books.values().stream().mapToInt(ServerMetricsTest::encoded).sum();
    int misses = encoded("nope-1") + encoded("nope-2") + encoded("nope-3");
    int getsIn = keys + misses + encoded("k1") + encoded("k2");
    assertEquals(keys + values + getsIn,
        metrics.sum("cirrus_data_received_bytes_total", books0));
    int hitsOut = values + encoded("Dune") + encoded("Emma");
    assertEquals(hitsOut, metrics.sum("cirrus_data_sent_bytes_total", books0));

    assertEquals(3, metrics.sum("cirrus_cache_entries", books0));
    assertEquals(keys + values + 3 * 160, metrics.sum("cirrus_cache_size_bytes", books0));
    assertEquals("counter", metrics.type("cirrus_requests_total"));
    assertEquals("histogram", metrics.type("cirrus_request_latency_seconds"));
    // Every call of the cache is in its latency histogram (the +Inf bucket counts them all).
    assertEquals(3 + 2 + 1 + 3, metrics.sum("cirrus_request_latency_seconds_count", books0));
    assertEquals(3 + 2, metrics.sum("cirrus_request_latency_seconds_bucket",
        with(with(books0, "method", "get"), "le", "+Inf")));
  }

  @Test
  void aCacheDeletedUnderAClient_countsItsErrorUnderItsAccount() throws Exception {
    String account = TestServer.freshAccount();
    CacheManager first = server.manager(account);
    Cache<String, String> cache = first.createCache("doomed",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("a", "1");
    CacheManager second = server.manager(account);
    second.destroyCache("doomed");
    assertThrows(RuntimeException.class, () -> cache.get("a"));

    PrometheusText metrics = scrape();
    // The cache is gone, so its own series are; the refused call lands under its account's "other".
    assertTrue(metrics.find("cirrus_requests_total", Map.of("account", account, "cache", "doomed"))
        .isEmpty());
    assertEquals(1, requests(metrics, Map.of("account", account, "cache", "other"), "get",
        "cache_not_found"));
  }

  @Test
  void connectionsJvmAndStoreHealthAreReported() throws Exception {
    CacheManager manager = server.manager(TestServer.freshAccount());
    manager.createCache("c", new MutableConfiguration<String, String>()).put("k", "v");
    PrometheusText metrics = scrape();
    assertTrue(metrics.sum("cirrus_connections", Map.of("transport", "grpc")) >= 1);
    assertTrue(metrics.sum("cirrus_connections", Map.of("transport", "data")) >= 1);
    assertTrue(metrics.sum("cirrus_connections", Map.of("transport", "http")) >= 1);
    assertEquals(1, metrics.sum("cirrus_up", Map.of("part", "store")));
    assertFalse(metrics.find("jvm_memory_used_bytes", Map.of()).isEmpty());
    assertFalse(metrics.find("jvm_threads_live_threads", Map.of()).isEmpty());
    // The allocation counter is registered at start; GC pauses appear only after a collection.
    assertEquals("counter", metrics.type("jvm_gc_memory_allocated_bytes_total"));
  }

  @Test
  void labels_stayWithinTheirCap_andNoCallIsLost() throws Exception {
    // A server of its own: this fills the cap, which the other tests' caches must not meet.
    try (TestServer crowdedServer = new TestServer(EmbeddedServer.start(b -> b.httpPort(0)))) {
      fillTheCap(crowdedServer);
    }
  }

  private static void fillTheCap(TestServer server) throws Exception {
    String crowded = TestServer.freshAccount();
    CacheManager manager = server.manager(crowded);
    int caches = 60;
    for (int i = 0; i < caches; i++) {
      Cache<String, String> c = manager.createCache("c" + i, new MutableConfiguration<>());
      c.get("k");
    }
    PrometheusText metrics = scrape(server);
    Set<String> labelled = metrics.find("cirrus_requests_total", Map.of("account", crowded))
        .stream().map(s -> s.label("cache")).collect(Collectors.toSet());
    assertEquals(50, labelled.size(), labelled.toString());
    assertTrue(labelled.contains("other"));
    assertEquals(caches, metrics.sum("cirrus_requests_total",
        Map.of("account", crowded, "method", "get")));
    assertEquals(caches - 49, metrics.sum("cirrus_requests_total",
        Map.of("account", crowded, "cache", "other", "method", "get")));

    // More accounts than the server-wide cap of 200 pairs leaves room for.
    int gets = 0;
    for (int a = 0; a < 4; a++) {
      CacheManager more = server.manager(TestServer.freshAccount());
      for (int i = 0; i < 50; i++) {
        more.createCache("c" + i, new MutableConfiguration<String, String>()).get("k");
        gets++;
      }
    }
    metrics = scrape(server);
    Set<String> pairs = metrics.find("cirrus_requests_total", Map.of()).stream()
        .map(s -> s.label("account") + "/" + s.label("cache")).collect(Collectors.toSet());
    assertTrue(pairs.size() <= 201, pairs.size() + " pairs");
    assertTrue(pairs.contains("other/other"), "the server-wide overflow pair is used");
    HttpResponse<String> stats = get(server, "/console/api/stats");
    assertTrue(stats.body().contains("\"maxPairs\":200"), stats.body());
    assertTrue(metrics.sum("cirrus_requests_total", Map.of("method", "get")) >= caches + gets);
  }

  @Test
  void evictionsAndEntries_addUpToThePuts() throws Exception {
    // A memory budget far below what is put, so Caffeine must evict.
    try (TestServer small = new TestServer(EmbeddedServer.start(b -> b.httpPort(0)
        .memoryBudgetBytes(256 * 1024)))) {
      String account = TestServer.freshAccount();
      Cache<String, String> cache = small.manager(account).createCache("big",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      int puts = 1000;
      for (int i = 0; i < puts; i++) {
        cache.put("k" + i, "v".repeat(1000));
      }
      Map<String, String> big = Map.of("account", account, "cache", "big");
      // Caffeine evicts on its maintenance cycle, soon after the writes; wait for it to settle.
      Polling.until(Duration.ofSeconds(20), () -> {
        try {
          PrometheusText m = scrape(small);
          return m.sum("cirrus_cache_entries", big) + m.sum("cirrus_cache_evictions_total", big)
              == puts && m.sum("cirrus_cache_size_bytes", big) <= 256 * 1024;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      PrometheusText metrics = scrape(small);
      assertTrue(metrics.sum("cirrus_cache_evictions_total", big) > 0);
      assertEquals(puts, requests(metrics, big, "set", "ok"));
    }
  }

  @Test
  void expirationsAndChangeStreams_areCounted() throws Exception {
    String account = TestServer.freshAccount();
    Cache<String, String> cache = server.manager(account).createCache("short",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setExpiryPolicyFactory(javax.cache.expiry.CreatedExpiryPolicy.factoryOf(
                new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.MILLISECONDS, 200)))
            .addCacheEntryListenerConfiguration(
                new javax.cache.configuration.MutableCacheEntryListenerConfiguration<>(
                    javax.cache.configuration.FactoryBuilder.factoryOf(CreatedListener.class),
                    null, false, false)));
    cache.put("a", "1");
    cache.put("b", "2");
    Map<String, String> pair = Map.of("account", account, "cache", "short");
    Polling.until(Duration.ofSeconds(20), () -> {
      try {
        PrometheusText m = scrape();
        return m.sum("cirrus_cache_expirations_total", pair) == 2
            && m.sum("cirrus_cache_entries", pair) == 0;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    PrometheusText metrics = scrape();
    assertEquals(1, metrics.sum("cirrus_stream_subscribers", pair));
    assertEquals(1, requests(metrics, pair, "subscribe", "ok"));
    // SUBSCRIBED, then CREATED and EXPIRED for each of the two entries.
    assertTrue(metrics.sum("cirrus_stream_events_sent_total", pair) >= 5,
        () -> "events sent: " + metrics.sum("cirrus_stream_events_sent_total", pair));
    assertEquals(0, metrics.sum("cirrus_stream_events_dropped_total", pair));
  }

  /** A listener that only needs to exist, so the client opens a change stream. */
  public static final class CreatedListener implements
      javax.cache.event.CacheEntryCreatedListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onCreated(Iterable<javax.cache.event.CacheEntryEvent<? extends String,
        ? extends String>> events) {
      events.forEach(e -> { });
    }
  }

  @Test
  void access_needsAnOperatorToken_andSaysHowToGetOne() throws Exception {
    HttpResponse<String> none = get("/metrics", null);
    assertEquals(401, none.statusCode());
    assertTrue(none.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    assertTrue(none.body().contains("\"error\":\"unauthenticated\""), none.body());
    assertTrue(none.body().contains("--permissions operator"), none.body());
    assertTrue(none.body().contains("--metrics-public true"), none.body());

    HttpResponse<String> forged = get("/metrics", "not-a-token");
    assertEquals(401, forged.statusCode(), forged.body());

    HttpResponse<String> account = get("/metrics", server.token(TestServer.freshAccount()));
    assertEquals(403, account.statusCode());
    assertTrue(account.body().contains("\"error\":\"permission_denied\""), account.body());
    assertTrue(account.body().contains("--permissions operator"), account.body());

    assertEquals(401, get("/console/api/stats", null).statusCode());
    assertEquals(403, get("/console/api/stats", server.token("someone")).statusCode());
    assertEquals(200, get("/console/api/stats", operatorToken).statusCode());
    // The page holds no figures; it asks for the token itself.
    HttpResponse<String> page = get("/console", null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("Operator token"), page.body());
  }

  @Test
  void metricsPublic_letsAnyoneScrape() throws Exception {
    try (EmbeddedServer open = EmbeddedServer.start(b -> b.httpPort(0).metricsPublic(true))) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              open.httpUri().resolve("/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      PrometheusText.parse(response.body());
    }
  }

  private static double requests(PrometheusText metrics, Map<String, String> pair, String method,
      String outcome) {
    return metrics.sum("cirrus_requests_total", with(with(pair, "method", method), "outcome", outcome));
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(labels);
    more.put(name, value);
    return more;
  }
}
