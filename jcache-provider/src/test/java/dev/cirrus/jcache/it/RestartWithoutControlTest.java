package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.Permission;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose token may read and write but not create caches, when the server restarts empty:
 * it uses again every cache another client re-creates, and a cache nobody re-created fails naming
 * the permission it lacks, until one does. (Before, its recovery stopped at the first refused
 * create and took the new server as handled.)
 */
class RestartWithoutControlTest {

  private final List<AutoCloseable> resources = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private CacheManager manager(CirrusServer server, String token) {
    CirrusCachingProvider provider = new CirrusCachingProvider();
    resources.add(provider::close);
    Properties props = new Properties();
    props.setProperty("cirrus.token", token);
    return provider.getCacheManager(URI.create(server.endpoint()),
        getClass().getClassLoader(), props);
  }

  @Test
  void cachesOthersRecreate_areUsedAgain_theOthersFailNamingTheControlPermission()
      throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(port)
        .dataDir(Files.createDirectories(dir.resolve("data"))).build();
    CirrusServer first = CirrusServer.start(config);
    String admin = first.tokens().issue("shop", Duration.ofHours(1));
    String worker = first.tokens().issue("shop", Duration.ofHours(1),
        EnumSet.of(Permission.READ, Permission.WRITE));
    CacheManager setup = manager(first, admin);
    setup.createCache("a", new MutableConfiguration<String, String>());
    setup.createCache("b", new MutableConfiguration<String, String>());
    CacheManager workerManager = manager(first, worker);
    Cache<String, String> a = workerManager.getCache("a");
    Cache<String, String> b = workerManager.getCache("b");
    a.put("k", "1");
    b.put("k", "1");

    first.close();
    CirrusServer second = CirrusServer.start(config);
    resources.add(second);
    manager(second, admin).createCache("a", new MutableConfiguration<String, String>());

    CacheException gone = assertThrows(CacheException.class, () -> b.put("k", "2"));
    assertTrue(gone.getMessage().contains("'b'"), gone.getMessage());
    assertTrue(gone.getMessage().contains("control permission"), gone.getMessage());
    a.put("k", "2");
    assertEquals("2", a.get("k"), "the cache another client re-created is used again");
    assertThrows(CacheException.class, () -> b.get("k"), "still missing: said again");

    manager(second, admin).createCache("b", new MutableConfiguration<String, String>());
    b.put("k", "3");
    assertEquals("3", b.get("k"), "used as soon as a client with control re-created it");
  }
}
