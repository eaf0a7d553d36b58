package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.fastpath.DataPathStats;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every failure reaches the caller as a CacheException that says what went wrong and what to do. */
@ExtendWith(CirrusServerExtension.class)
class ErrorsTest {

  @Test
  void deadServer_failsWithinTheDeadline_namingTheAddress(TestServer server) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free again once closed: nothing listens there
    }
    Properties props = new Properties();
    props.setProperty("cirrus.token", server.token("a"));
    props.setProperty("cirrus.call-timeout", "1s");
    CacheManager manager = server.manager(URI.create("cirrus://127.0.0.1:" + port), props);
    long start = System.nanoTime();
    CacheException e = assertThrows(CacheException.class,
        () -> manager.createCache("c", new MutableConfiguration<>()));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getMessage().contains("unreachable at cirrus://127.0.0.1:" + port), e.getMessage());
    assertTrue(millis < 5_000, "failed after " + millis + " ms");
    long closeStart = System.nanoTime();
    manager.close();
    assertTrue((System.nanoTime() - closeStart) / 1_000_000 < 3_000, "close() must not hang");
  }

  @Test
  void missingToken_isRefused_sayingHowToGetOne(TestServer server) {
    CacheManager manager = server.manager(URI.create(server.endpoint()), new Properties());
    CacheException e = assertThrows(CacheException.class,
        () -> manager.createCache("c", new MutableConfiguration<>()));
    assertTrue(e.getMessage().contains("refused the token"), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains("token"), e.getMessage());
  }

  @Test
  void forgedToken_isRefused(TestServer server) throws Exception {
    String foreign;
    try (CirrusServer other = CirrusServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
        .dataDir(Files.createTempDirectory("cirrus-other")).build())) {
      foreign = other.tokens().issue("a", Duration.ofHours(1));
    }
    Properties props = new Properties();
    props.setProperty("cirrus.token", foreign);
    CacheManager manager = server.manager(URI.create(server.endpoint()), props);
    CacheException e = assertThrows(CacheException.class,
        () -> manager.createCache("c", new MutableConfiguration<>()));
    assertTrue(e.getMessage().contains("refused the token"), e.getMessage());
    assertTrue(!e.getMessage().contains(foreign), "the token itself is never echoed");
  }

  @Test
  void expiredToken_isRefused_sayingItExpired(TestServer server) throws Exception {
    Properties props = new Properties();
    props.setProperty("cirrus.token", server.server().tokens().issue("a", Duration.ofSeconds(1)));
    CacheManager manager = server.manager(URI.create(server.endpoint()), props);
    Thread.sleep(1_500);
    CacheException e = assertThrows(CacheException.class,
        () -> manager.createCache("c", new MutableConfiguration<>()));
    assertTrue(e.getMessage().contains("expired"), e.getMessage());
  }

  @Test
  void oversizedValue_isRefused_withSizeAndLimit_andTheCacheStaysUsable(TestServer server) {
    CacheManager manager = server.manager(TestServer.freshAccount());
    Cache<String, byte[]> cache = manager.createCache("big",
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    CacheException e = assertThrows(CacheException.class,
        () -> cache.put("k", new byte[2 * 1024 * 1024]));
    assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
    assertTrue(e.getMessage().contains("1048576"), e.getMessage());
    cache.put("k", new byte[10]);
    assertEquals(10, cache.get("k").length);
  }

  @Test
  void valueOverTheDataPathsFrameLimit_isRefusedBeforeSending_withSizeAndLimit(TestServer server) {
    CacheManager manager = server.manager(TestServer.freshAccount());
    Cache<String, byte[]> cache = manager.createCache("huge",
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    cache.put("small", new byte[10]);
    DataPathStats before = server.server().dataPathStats();
    assertTrue(before.requests() > 0, "data calls go by the data path");

    // 20 MiB: over the value limit and over the data path's 16 MiB frame limit, where the
    // server can only refuse the frame ("frame of N bytes over the limit").
    CacheException one = assertThrows(CacheException.class,
        () -> cache.put("k", new byte[20 * 1024 * 1024]));
    assertTrue(one.getMessage().contains("value of 20971521 bytes is over the limit of 1048576"),
        one.getMessage());
    CacheException batch = assertThrows(CacheException.class, () -> cache.putAll(
        Map.of("a", new byte[10], "b", new byte[20 * 1024 * 1024])));
    assertTrue(batch.getMessage().contains("value of 20971521 bytes is over the limit of 1048576"),
        batch.getMessage());

    DataPathStats after = server.server().dataPathStats();
    assertEquals(before.requests(), after.requests(), "nothing was sent");
    assertEquals(before.refusedFrames(), after.refusedFrames());
    assertFalse(cache.containsKey("a"), "nothing of the batch was applied");
    assertEquals(10, cache.get("small").length, "the cache stays usable");
  }

  @Test
  void cacheDestroyedByAnotherClient_failsSayingItDoesNotExist(TestServer server) {
    String account = TestServer.freshAccount();
    CacheManager a = server.manager(account);
    CacheManager b = server.manager(account);
    Cache<String, String> cache = a.createCache("gone", new MutableConfiguration<>());
    b.destroyCache("gone");
    CacheException e = assertThrows(CacheException.class, () -> cache.put("k", "v"));
    assertTrue(e.getMessage().contains("'gone' does not exist"), e.getMessage());
  }

  @Test
  void nonSerializableValue_isRefused_namingTheClass(TestServer server) {
    CacheManager manager = server.manager(TestServer.freshAccount());
    Cache<String, Object> cache = manager.createCache("objects", new MutableConfiguration<>());
    CacheException e = assertThrows(CacheException.class, () -> cache.put("k", new Object()));
    assertTrue(e.getMessage().contains("java.lang.Object is not Serializable"), e.getMessage());
  }
}
