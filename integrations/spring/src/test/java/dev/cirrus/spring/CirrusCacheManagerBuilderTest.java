package dev.cirrus.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CirrusExtension.class)
class CirrusCacheManagerBuilderTest {

  @Test
  void build_withUriAndToken_createsTheCachesOnTheServer(CirrusAccount account) {
    try (CacheManager manager = CirrusCacheManagerBuilder.create()
        .uri(account.uri())
        .token(account.token())
        .caches(List.of("books", "titles"))
        .build()) {
      assertEquals(account.uri(), manager.getURI());
      assertNotNull(account.newCacheManager().getCache("books"));
      assertNotNull(account.newCacheManager().getCache("titles"));
    }
  }

  @Test
  void build_withTokenOnly_connectsToTheEndpointCarriedInTheToken(CirrusAccount account) {
    try (CacheManager manager = CirrusCacheManagerBuilder.create()
        .token(account.token())
        .caches(List.of("books"))
        .build()) {
      assertEquals(account.uri().toString(),
          manager.unwrap(CirrusCacheManager.class).configuration().endpoint().toString());
      Cache<Object, Object> books = manager.getCache("books");
      books.put("k", "v");
      assertEquals("v", account.newCacheManager().getCache("books").get("k"));
    }
  }

  @Test
  void build_withTokenFile_readsTheTokenFromIt(CirrusAccount account, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, account.token() + "\n");
    try (CacheManager manager = CirrusCacheManagerBuilder.create()
        .uri(account.uri())
        .tokenFile(file)
        .caches(List.of("books"))
        .build()) {
      manager.getCache("books").put("k", "v");
      assertEquals("v", account.newCacheManager().getCache("books").get("k"));
    }
  }

  @Test
  void build_durations_reachTheProviderUnrounded(CirrusAccount account) {
    try (CacheManager manager = CirrusCacheManagerBuilder.create()
        .uri(account.uri())
        .callTimeout(Duration.ofMillis(1500))
        .connectTimeout(Duration.ofSeconds(2))
        .build()) {
      CirrusCacheManager cirrus = manager.unwrap(CirrusCacheManager.class);
      assertEquals(Duration.ofMillis(1500), cirrus.configuration().callTimeout());
      assertEquals(Duration.ofSeconds(2), cirrus.configuration().connectTimeout());
    }
  }

  @Test
  void build_twice_givesIndependentManagers_soClosingOneLeavesTheOtherOpen(CirrusAccount account) {
    CirrusCacheManagerBuilder builder = CirrusCacheManagerBuilder.create()
        .uri(account.uri())
        .token(account.token())
        .caches(List.of("books"));
    CacheManager first = builder.build();
    try (CacheManager second = builder.build()) {
      first.close();
      assertFalse(second.isClosed());
      second.getCache("books").put("k", "v");
      assertTrue(second.getCache("books").containsKey("k"));
    }
  }

  @Test
  void build_withUnknownProviderKey_failsNamingTheKey(CirrusAccount account) {
    CacheException e = assertThrows(CacheException.class, () -> CirrusCacheManagerBuilder.create()
        .uri(account.uri())
        .property("cirrus.no-such-key", "x")
        .build());
    assertTrue(e.getMessage().contains("cirrus.no-such-key"), e.getMessage());
  }

  @Test
  void uri_thatIsNotACirrusServer_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CirrusCacheManagerBuilder.create().uri(URI.create("redis://localhost:6379")));
    assertTrue(e.getMessage().contains("cirrus://host:port"), e.getMessage());
  }

  @Test
  void property_outsideTheCirrusNamespace_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> CirrusCacheManagerBuilder.create().property("hibernate.cache", "x"));
  }

  @Test
  void durationBelowOneMillisecond_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> CirrusCacheManagerBuilder.create().callTimeout(Duration.ofNanos(10)));
  }
}
