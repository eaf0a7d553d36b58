package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.near.NearCacheSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A CacheManager URI that names a config file, as Spring Boot and Hibernate pass it. */
@ExtendWith(CirrusServerExtension.class)
class ConfigFileTest {

  @TempDir
  Path dir;

  private Path write(List<String> lines) throws Exception {
    Path file = dir.resolve("cirrus.properties");
    Files.write(file, lines);
    return file;
  }

  @Test
  void configFile_createsCachesAtStart_andAppliesSettings(TestServer server) throws Exception {
    Path file = write(List.of(
        "cirrus.uri=" + server.endpoint(),
        "cirrus.token=" + server.token(TestServer.freshAccount()),
        "cirrus.caches=users,org.example.Region",
        "cirrus.default.statistics=true",
        "cirrus.cache.org.example.Region.expiry.ttl=10m",
        "cirrus.call-timeout=2s"));
    CacheManager manager = server.manager(file.toUri(), new Properties());

    Cache<Object, Object> users = manager.getCache("users");
    assertNotNull(users, "caches listed in cirrus.caches exist when the manager starts");
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> c = users.getConfiguration(CompleteConfiguration.class);
    assertTrue(c.isStatisticsEnabled());

    Cache<Object, Object> region = manager.getCache("org.example.Region");
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> rc = region.getConfiguration(CompleteConfiguration.class);
    ExpiryPolicy policy = rc.getExpiryPolicyFactory().create();
    assertTrue(policy instanceof CreatedExpiryPolicy);
    assertEquals(600_000L, policy.getExpiryForCreation().getTimeUnit()
        .toMillis(policy.getExpiryForCreation().getDurationAmount()));

    Cache<String, String> later = manager.createCache("later", new MutableConfiguration<>());
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> lc = later.getConfiguration(CompleteConfiguration.class);
    assertTrue(lc.isStatisticsEnabled(), "defaults apply to caches created later too");
    later.put("k", "v");
    assertEquals("v", later.get("k"));
  }

  @Test
  void nearCacheKeys_configureTheNearCache_perCacheOverDefaults(TestServer server) throws Exception {
    Path file = write(List.of(
        "cirrus.uri=" + server.endpoint(),
        "cirrus.token=" + server.token(TestServer.freshAccount()),
        "cirrus.default.near-cache.max-size=100",
        "cirrus.cache.hot.near-cache.max-size=5000",
        "cirrus.cache.hot.near-cache.expire-after-write=30s",
        "cirrus.cache.hot.near-cache.staleness=500ms"));
    CacheManager manager = server.manager(file.toUri(), new Properties());
    Cache<Object, Object> hotCache = manager.createCache("hot", new MutableConfiguration<>());
    NearCacheSettings hot = nearCacheOf(hotCache);
    assertEquals(new NearCacheSettings(5000, java.time.Duration.ofSeconds(30),
        java.time.Duration.ofMillis(500)), hot);
    Cache<Object, Object> otherCache = manager.createCache("other", new MutableConfiguration<>());
    NearCacheSettings other = nearCacheOf(otherCache);
    assertEquals(NearCacheSettings.ofMaxSize(100), other);
  }

  @SuppressWarnings("unchecked")
  private static NearCacheSettings nearCacheOf(Cache<Object, Object> cache) {
    return cache.getConfiguration(CirrusConfiguration.class).getNearCache();
  }

  @Test
  void badNearCacheSize_failsTheStart(TestServer server) throws Exception {
    Path file = write(List.of("cirrus.uri=" + server.endpoint(), "cirrus.default.near-cache.max-size=lots"));
    CacheException e = assertThrows(CacheException.class,
        () -> server.manager(file.toUri(), new Properties()));
    assertTrue(e.getMessage().contains("near-cache.max-size"), e.getMessage());
    assertTrue(e.getMessage().contains("lots"), e.getMessage());
  }

  @Test
  void unknownKey_failsTheStart_namingTheKey(TestServer server) throws Exception {
    Path file = write(List.of("cirrus.uri=" + server.endpoint(), "cirrus.tokn=abc"));
    CacheException e = assertThrows(CacheException.class,
        () -> server.manager(file.toUri(), new Properties()));
    assertTrue(e.getMessage().contains("'cirrus.tokn'"), e.getMessage());
  }

  @Test
  void badDuration_failsTheStart_namingKeyValueAndWhatIsAllowed(TestServer server) throws Exception {
    Path file = write(List.of("cirrus.uri=" + server.endpoint(), "cirrus.default.expiry.ttl=ten minutes"));
    CacheException e = assertThrows(CacheException.class,
        () -> server.manager(file.toUri(), new Properties()));
    assertTrue(e.getMessage().contains("cirrus.default.expiry.ttl"), e.getMessage());
    assertTrue(e.getMessage().contains("ten minutes"), e.getMessage());
    assertTrue(e.getMessage().contains("10m"), e.getMessage());
  }

  @Test
  void missingFile_failsTheStart_namingTheFile(TestServer server) {
    Path missing = dir.resolve("nope.properties");
    CacheException e = assertThrows(CacheException.class,
        () -> server.manager(missing.toUri(), new Properties()));
    assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
  }

  @Test
  void tokenFile_isRead(TestServer server) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, server.token(TestServer.freshAccount()) + "\n");
    Path file = write(List.of("cirrus.uri=" + server.endpoint(), "cirrus.token-file=" + token));
    CacheManager manager = server.manager(file.toUri(), new Properties());
    manager.createCache("t", new MutableConfiguration<String, String>()).put("k", "v");
    assertEquals("v", manager.<String, String>getCache("t").get("k"));
  }
}
