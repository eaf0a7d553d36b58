package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.near.NearCacheSettings;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The near cache serves hot reads locally and never serves an entry the server changed longer ago
 * than its staleness bound (1 s by default): across clients, processes, cut connections and
 * server restarts.
 */
@ExtendWith(CirrusServerExtension.class)
class NearCacheTest {

  private static final Duration BOUND = NearCacheSettings.DEFAULT_STALENESS;

  private static CirrusConfiguration<String, String> nearConfig() {
    CirrusConfiguration<String, String> c = new CirrusConfiguration<String, String>()
        .nearCache(NearCacheSettings.ofMaxSize(1_000));
    c.setTypes(String.class, String.class);
    c.setStatisticsEnabled(true);
    return c;
  }

  static long nearHits(CacheManager manager, String cache) throws Exception {
    ObjectName name = new ObjectName("dev.cirrus:type=NearCache,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=\n]", ".") + ",Cache=" + cache);
    return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Hits");
  }

  static void awaitServing(CacheManager manager, String cache) throws Exception {
    ObjectName name = new ObjectName("dev.cirrus:type=NearCache,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=\n]", ".") + ",Cache=" + cache);
    Polling.until(Duration.ofSeconds(5), () -> {
      try {
        return (Boolean) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Serving");
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void repeatedGet_isServedFromTheNearCache_andReturnsCopies(TestServer server) throws Exception {
    CacheManager manager = server.manager(TestServer.freshAccount());
    CirrusConfiguration<String, Date> config = new CirrusConfiguration<String, Date>()
        .nearCache(NearCacheSettings.ofMaxSize(100));
    config.setTypes(String.class, Date.class);
    config.setStatisticsEnabled(true);
    Cache<String, Date> cache = manager.createCache("dates", config);
    awaitServing(manager, "dates");
    cache.put("d", new Date(1000));
    Date first = cache.get("d");
    first.setTime(5);
    Date second = cache.get("d");
    assertEquals(1000, second.getTime(), "a near hit is a copy: the caller's mutation is not seen");
    assertTrue(nearHits(manager, "dates") >= 2, "both gets after the put were near hits");
  }

  @Test
  void byteArrayHits_eachGetACopyOfTheirOwn_thatNoCallerCanChange(TestServer server)
      throws Exception {
    CacheManager manager = server.manager(TestServer.freshAccount());
    CirrusConfiguration<String, byte[]> config = new CirrusConfiguration<String, byte[]>()
        .nearCache(NearCacheSettings.ofMaxSize(100));
    config.setTypes(String.class, byte[].class);
    config.setStatisticsEnabled(true);
    Cache<String, byte[]> cache = manager.createCache("arrays", config);
    awaitServing(manager, "arrays");
    byte[] stored = {1, 2, 3};
    cache.put("b", stored);
    stored[0] = 7;
    byte[] expected = {1, 2, 3};
    byte[] previous = null;
    for (int i = 0; i < 4; i++) {
      byte[] hit = cache.get("b");
      assertArrayEquals(expected, hit, "get " + i + " sees no earlier caller's change");
      assertNotSame(previous, hit, "get " + i + " returned an array handed out before");
      hit[0] = 9;
      hit[2] = 9;
      previous = hit;
    }
    byte[] fromGetAll = cache.getAll(Set.of("b")).get("b");
    assertArrayEquals(expected, fromGetAll);
    assertNotSame(previous, fromGetAll);
    assertTrue(nearHits(manager, "arrays") >= 4, "the gets after the first were near hits");
  }

  @Test
  void writeByAnotherClient_reachesTheNearCacheWithinTheBound(TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    CacheManager reader = server.manager(account);
    CacheManager writer = server.manager(account);
    Cache<String, String> near = reader.createCache("coherent", nearConfig());
    awaitServing(reader, "coherent");
    Cache<String, String> remote = writer.getCache("coherent", String.class, String.class);
    remote.put("k", "v1");
    assertEquals("v1", near.get("k"));
    assertEquals("v1", near.get("k"));

    remote.put("k", "v2");
    long written = System.nanoTime();
    Polling.until(BOUND, () -> "v2".equals(near.get("k")));
    assertTrue(System.nanoTime() - written < BOUND.toNanos());
    remote.remove("k");
    Polling.until(BOUND, () -> near.get("k") == null);
  }

  @Test
  void burstOfWrites_noStaleReadOnceTheBoundHasPassed(TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    CacheManager reader = server.manager(account);
    CacheManager writer = server.manager(account);
    Cache<String, String> near = reader.createCache("burst", nearConfig());
    awaitServing(reader, "burst");
    Cache<String, String> remote = writer.getCache("burst", String.class, String.class);
    for (int i = 0; i < 500; i++) {
      remote.put("k" + (i % 10), "v" + i);
      near.get("k" + ((i + 3) % 10)); // fill the near cache while the writes go on
    }
    Thread.sleep(BOUND.toMillis());
    for (int k = 0; k < 10; k++) {
      String latest = "v" + (490 + k);
      assertEquals(latest, near.get("k" + k), "key k" + k);
    }
  }

  @Test
  void writeFromAnotherProcess_reachesTheNearCache(TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    CacheManager reader = server.manager(account);
    Cache<String, String> near = reader.createCache("process", nearConfig());
    awaitServing(reader, "process");
    near.put("k", "mine");
    assertEquals("mine", near.get("k"));

    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        NearCacheWriterMain.class.getName(),
        server.endpoint(), server.token(account), "process", "k", "theirs")
        .redirectErrorStream(true).start();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer process finished");
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), out);
    assertTrue(out.contains("wrote k=theirs"), out);
    Polling.until(BOUND, () -> "theirs".equals(near.get("k")));
  }

  @Test
  void cutConnection_nearCacheDropsEverything_andServesAgainWhenTheStreamIsBack(TestServer server)
      throws Exception {
    String account = TestServer.freshAccount();
    try (TcpProxy proxy = new TcpProxy(server.server().port())) {
      Properties props = new Properties();
      props.setProperty("cirrus.token", server.token(account));
      CacheManager reader = server.manager(URI.create("cirrus://127.0.0.1:" + proxy.port()), props);
      CacheManager writer = server.manager(account);
      Cache<String, String> near = reader.createCache("cut", nearConfig());
      awaitServing(reader, "cut");
      Cache<String, String> remote = writer.getCache("cut", String.class, String.class);
      remote.put("k", "before");
      assertEquals("before", near.get("k"));

      proxy.cutAll();
      remote.put("k", "during"); // the reader's stream is down: this invalidation cannot reach it
      Polling.until(Duration.ofSeconds(5), () -> {
        try {
          return "during".equals(near.get("k"));
        } catch (CacheException e) {
          return false; // the reconnect is still under way
        }
      });
      awaitServing(reader, "cut");
      long hitsBefore = nearHits(reader, "cut");
      assertEquals("during", near.get("k"));
      assertEquals("during", near.get("k"));
      assertTrue(nearHits(reader, "cut") > hitsBefore, "serving near hits again after the reconnect");
    }
  }

  @Test
  void serverRestart_neverServesTheOldValue_andRecovers(TestServer fixture) throws Exception {
    Path dataDir = Files.createTempDirectory("cirrus-restart");
    CirrusServer first = CirrusServer.start(
        ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).build());
    int port = first.port();
    String token = first.tokens().issue("acme", Duration.ofHours(1));
    Properties props = new Properties();
    props.setProperty("cirrus.token", token);
    props.setProperty("cirrus.call-timeout", "1s");
    CacheManager reader = fixture.manager(URI.create(first.endpoint()), props);
    Cache<String, String> near = reader.createCache("restart", nearConfig());
    awaitServing(reader, "restart");
    near.put("k", "old");
    assertEquals("old", near.get("k"));

    first.close();
    // Within the bound, the near cache stops answering for a server that is gone.
    Polling.until(BOUND, () -> {
      try {
        near.get("k");
        return false;
      } catch (CacheException e) {
        return true;
      }
    });

    CirrusServer second = CirrusServer.start(
        ServerConfig.builder().host("127.0.0.1").port(port).dataDir(dataDir).build());
    try {
      CacheManager writer = fixture.manager(URI.create(second.endpoint()), props);
      Cache<String, String> recreated = writer.createCache("restart", nearConfig());
      recreated.put("k", "new");
      Polling.until(Duration.ofSeconds(10), () -> {
        try {
          String v = near.get("k");
          assertNotEquals("old", v, "the value from before the restart is never served");
          return "new".equals(v);
        } catch (CacheException e) {
          return false;
        }
      });
    } finally {
      second.close();
    }
  }
}
