package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on-unavailable=miss}: an application starts and keeps serving (from its loader) while the
 * server is away, and the cache works normally once the server comes.
 */
class OnUnavailableTest {

  @TempDir
  Path dir;

  /** A server's key and a token for it, made before the server is started for real. */
  private String tokenFor(Path dataDir) throws Exception {
    try (CirrusServer once = CirrusServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
        .dataDir(dataDir).devMode(false).build())) {
      return once.tokens().issue("shop", Duration.ofHours(1));
    }
  }

  private Path config(int port, String token, String mode) throws Exception {
    Path file = dir.resolve("cirrus-" + mode + ".properties");
    Files.write(file, List.of(
        "cirrus.uri=cirrus://127.0.0.1:" + port,
        "cirrus.token=" + token,
        "cirrus.call-timeout=1s",
        "cirrus.caches=orders",
        "cirrus.default.on-unavailable=" + mode));
    return file;
  }

  @Test
  void missMode_startsWithoutServer_servesMisses_andRecoversWhenTheServerComes() throws Exception {
    Path dataDir = Files.createDirectory(dir.resolve("data"));
    String token = tokenFor(dataDir);
    int port = ServerProcess.freePort();
    CirrusCachingProvider provider = new CirrusCachingProvider();
    try {
      long start = System.nanoTime();
      CacheManager manager = provider.getCacheManager(config(port, token, "miss").toUri(),
          getClass().getClassLoader(), new Properties());
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "starting does not wait for the server");

      Cache<String, String> orders = manager.getCache("orders");
      assertNotNullCache(orders);
      assertNull(orders.get("k"), "a miss while the server is away");
      orders.put("k", "skipped");
      assertFalse(orders.containsKey("k"));
      assertEquals(Map.of(), orders.getAll(Set.of("k")));

      Cache<String, String> loading = manager.createCache("loading", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class).setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(new UpperCaseLoader())));
      assertEquals("ABC", loading.get("abc"), "read-through still answers from the loader");
      assertEquals("ABC", loading.invoke("abc", (entry, args) -> entry.getValue()));

      try (CirrusServer server = CirrusServer.start(ServerConfig.builder().host("127.0.0.1")
          .port(port).dataDir(dataDir).devMode(false).build())) {
        assertEquals(port, server.port(), "the server came up where the client was pointed");
        Polling.until(Duration.ofSeconds(10), () -> {
          orders.put("k", "v"); // skipped until the server answers, then stored
          return "v".equals(orders.get("k"));
        });
        loading.put("x", "y");
        assertEquals("y", loading.get("x"));
      }
    } finally {
      provider.close();
    }
  }

  @Test
  void failMode_isTheDefault_andNamesTheServer() throws Exception {
    int port = ServerProcess.freePort();
    CirrusCachingProvider provider = new CirrusCachingProvider();
    try {
      Path file = dir.resolve("plain.properties");
      Files.write(file, List.of("cirrus.uri=cirrus://127.0.0.1:" + port, "cirrus.token=t",
          "cirrus.call-timeout=1s"));
      CacheManager manager = provider.getCacheManager(file.toUri(), getClass().getClassLoader(),
          new Properties());
      CacheException e = assertThrows(CacheException.class,
          () -> manager.createCache("c", new MutableConfiguration<>()));
      assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    } finally {
      provider.close();
    }
  }

  private static void assertNotNullCache(Cache<?, ?> cache) {
    assertTrue(cache != null, "caches from cirrus.caches are open even while the server is away");
  }

  /** Loads a key's upper-case form. */
  static final class UpperCaseLoader implements CacheLoader<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      return key.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> out = new java.util.HashMap<>();
      keys.forEach(k -> out.put(k, load(k)));
      return out;
    }
  }
}
