package dev.cirrus.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.EmbeddedServer;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One server for the class, as a user registers it; every test with an account of its own. */
class PerClassServerTest {
  @RegisterExtension static CirrusExtension cirrus = CirrusExtension.perClass();

  private static EmbeddedServer classServer;
  private static CirrusAccount classAccount;
  private CacheManager beforeEachManager;

  @BeforeAll
  static void rememberTheServer(EmbeddedServer server, CirrusAccount account) {
    classServer = server;
    classAccount = account;
  }

  @BeforeEach
  void rememberTheManager(CacheManager cacheManager) {
    beforeEachManager = cacheManager;
  }

  @Test
  void cacheManager_putsAndGets(CacheManager cacheManager) {
    Cache<String, String> books = cacheManager.createCache("books",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    books.put("978-0", "Dune");
    assertEquals("Dune", books.get("978-0"));
  }

  /** Every repetition finds the cache empty: no test sees another test's entries. */
  @RepeatedTest(3)
  void eachTest_getsAnAccountOfItsOwn(CacheManager cacheManager, CirrusAccount account) {
    Cache<String, String> shared = cacheManager.createCache("same-name-in-every-test",
        new MutableConfiguration<>());
    assertNull(shared.get("k"));
    shared.put("k", "written by " + account.name());
    assertNotEquals(classAccount.name(), account.name());
  }

  @Test
  void theServer_isTheClasssOne(EmbeddedServer server) {
    assertSame(classServer, server);
  }

  @Test
  void theManager_isTheSameForTheTestAndItsBeforeEach(CacheManager cacheManager,
      CirrusAccount account) {
    assertSame(beforeEachManager, cacheManager);
    assertSame(account.cacheManager(), cacheManager);
    assertEquals(account.uri(), cacheManager.getURI());
  }

  @Test
  void uriAndToken_configureAnyClient_ofTheSameAccount(CacheManager cacheManager,
      CirrusAccount account) {
    cacheManager.createCache("orders", new MutableConfiguration<>()).put("o-1", "open");

    // What an application under test does with the URI and token it is given.
    CachingProvider provider = Caching.getCachingProvider("dev.cirrus.jcache.CirrusCachingProvider");
    Properties properties = new Properties();
    properties.setProperty("cirrus.token", account.token());
    CacheManager application = provider.getCacheManager(account.uri(), getClass().getClassLoader(),
        properties);
    try {
      assertEquals("open", application.getCache("orders").get("o-1"));
    } finally {
      application.close();
    }
  }

  @Test
  void newCacheManager_isAnotherClientOfTheAccount(CacheManager cacheManager,
      CirrusAccount account) {
    CacheManager other = account.newCacheManager("cirrus.caches", "prices");
    assertNotEquals(cacheManager, other);
    other.getCache("prices").put("p", 3L);
    assertEquals(3L, cacheManager.getCache("prices").get("p"));
  }

  @Test
  void uri_namesTheLoopbackServer(CirrusAccount account, EmbeddedServer server) {
    assertEquals("cirrus://127.0.0.1:" + server.server().port(), account.uri().toString());
    assertTrue(account.name().startsWith("acct-"), account.name());
  }
}
