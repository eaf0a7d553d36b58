package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.server.EmbeddedRedisCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Cirrus node (a process of its own, started with its command-line flags) over a Redis Cluster
 * that speaks only TLS, with a certificate made for this test, and asks for a password: with the
 * CA file and the password the node serves JCache calls; a wrong password or an untrusted
 * certificate fails the start with a message naming the flag that fixes it. Over a plain Redis
 * that asks for a password (no TLS), the node serves with the password file too.
 */
class RedisTlsPasswordTest {
  private static final String PASSWORD = "test-only-redis-password";

  @TempDir
  static Path dir;
  private static TestCertificates certificate;
  private static EmbeddedRedisCluster redis;

  @BeforeAll
  static void startRedis() throws Exception {
    certificate = TestCertificates.selfSigned(dir, "redis");
    redis = EmbeddedRedisCluster.startCluster(new EmbeddedRedisCluster.Security(
        certificate.certificate(), certificate.privateKey(), PASSWORD));
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.stop();
    }
  }

  private static List<String> flags(String... more) {
    return List.of(more);
  }

  @Test
  void rediss_withCaFileAndPasswordFile_nodeServesJCacheCalls() throws Exception {
    Path password = Files.writeString(dir.resolve("redis-password"), PASSWORD + "\n");
    Path dataDir = Files.createTempDirectory(dir, "node");
    assertTrue(redis.uri().startsWith("rediss://"), redis.uri());
    CirrusCachingProvider provider = new CirrusCachingProvider();
    try (ServerProcess node = new ServerProcess(dataDir, ServerProcess.freePort(), flags(
        "--store", redis.uri(), "--store-ca-file", certificate.certificate().toString(),
        "--store-password-file", password.toString()))) {
      node.start();
      assertServes(provider, node);
    } finally {
      provider.close();
    }
  }

  /**
   * Without TLS, the data path's loops open connections of their own to Redis for their calls:
   * they send the password first too, or they would not have named themselves.
   */
  @Test
  void passwordWithoutTls_nodeServesJCacheCalls_onItsLoopsConnectionsToo() throws Exception {
    EmbeddedRedisCluster plain = EmbeddedRedisCluster.startPlain(
        new EmbeddedRedisCluster.Security(null, null, PASSWORD));
    Path password = Files.writeString(dir.resolve("plain-password"), PASSWORD + "\n");
    Path dataDir = Files.createTempDirectory(dir, "node");
    CirrusCachingProvider provider = new CirrusCachingProvider();
    try (ServerProcess node = new ServerProcess(dataDir, ServerProcess.freePort(), flags(
        "--store", plain.uri(), "--store-password-file", password.toString()))) {
      node.start();
      assertServes(provider, node);
      String clients = plain.cli(plain.ports().get(0), "CLIENT", "LIST");
      assertTrue(clients.contains(" name=cirrus-loop "), "no loop connection in " + clients);
    } finally {
      provider.close();
      plain.stop();
    }
  }

  private void assertServes(CirrusCachingProvider provider, ServerProcess node) throws Exception {
    try {
      Properties props = new Properties();
      props.setProperty("cirrus.token", node.token());
      // The first calls open TLS connections to every master: slow on a loaded machine.
      props.setProperty("cirrus.call-timeout", "30s");
      CacheManager manager = provider.getCacheManager(
          URI.create(node.endpoint()), getClass().getClassLoader(), props);
      Cache<String, String> cache = manager.createCache("secured",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
      assertEquals("2", cache.get("b"));
      assertEquals(Map.of("a", "1", "c", "3"), cache.getAll(Set.of("a", "c")));
      assertTrue(cache.replace("a", "1", "10"));
      assertEquals("10", cache.get("a"));
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("the node printed: " + node.output(), e);
    }
  }

  @Test
  void wrongPassword_fromTheEnvironment_failsTheStart_namingThePasswordFlags() throws Exception {
    Path dataDir = Files.createTempDirectory(dir, "node");
    try (ServerProcess node = new ServerProcess(dataDir, ServerProcess.freePort(), flags(
        "--store", redis.uri(), "--store-ca-file", certificate.certificate().toString()))
        .withEnvironment("CIRRUS_STORE_PASSWORD", "not-the-password")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, node::start);
      assertTrue(e.getMessage().contains("Redis refused the password")
          && e.getMessage().contains("--store-password-file")
          && e.getMessage().contains("CIRRUS_STORE_PASSWORD"), e.getMessage());
      assertTrue(!e.getMessage().contains("not-the-password"), "the password is never shown");
    }
  }

  @Test
  void untrustedCertificate_failsTheStart_namingTheCaFileFlag() throws Exception {
    Path dataDir = Files.createTempDirectory(dir, "node");
    try (ServerProcess node = new ServerProcess(dataDir, ServerProcess.freePort(),
        flags("--store", redis.uri())).withEnvironment("CIRRUS_STORE_PASSWORD", PASSWORD)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, node::start);
      assertTrue(e.getMessage().contains("not trusted")
          && e.getMessage().contains("--store-ca-file"), e.getMessage());
    }
  }
}
