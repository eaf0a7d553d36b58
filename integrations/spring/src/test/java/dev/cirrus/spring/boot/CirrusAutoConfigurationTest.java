package dev.cirrus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import dev.cirrus.spring.Book;
import dev.cirrus.spring.CirrusCacheManagerBuilder;
import dev.cirrus.spring.Library;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/** Spring Boot with our auto-configuration: nothing but {@code cirrus.*} properties. */
@ExtendWith(CirrusExtension.class)
class CirrusAutoConfigurationTest {

  @Test
  void uriAndToken_giveACirrusCacheManagerWithTheCacheNamesCreatedOnTheServer(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account, "spring.cache.cache-names=books,titles"))) {
      CacheManager jcache = app.getBean("cirrusCacheManager", CacheManager.class);
      assertInstanceOf(CirrusCacheManager.class, jcache);
      assertEquals(account.uri(), jcache.getURI());
      JCacheCacheManager spring = app.getBean(JCacheCacheManager.class);
      assertSame(jcache, spring.getCacheManager(), "Boot wraps our CacheManager for @Cacheable");
      assertTrue(spring.getCacheNames().containsAll(List.of("books", "titles")));
      CacheManager otherClient = account.newCacheManager();
      assertNotNull(otherClient.getCache("books"));
      assertNotNull(otherClient.getCache("titles"));
    }
  }

  @Test
  void cacheable_secondCall_doesNotInvokeMethod_andTheResultIsOnTheServer(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account, "spring.cache.cache-names=books"))) {
      Library library = app.getBean(Library.class);
      Book first = library.find("978-1");
      assertEquals(first, library.find("978-1"));
      assertEquals(1, library.calls("find"));
      CacheManager reader = account.newCacheManager("cirrus.serialization.allow", Book.class.getName());
      assertEquals(first, reader.getCache("books").get("978-1"));
    }
  }

  @Test
  void tokenOnly_connectsToTheEndpointTheTokenCarries(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class, List.of(
        "cirrus.token=" + account.token(), "spring.cache.cache-names=books"))) {
      CirrusCacheManager jcache = app.getBean(CirrusCacheManager.class);
      assertEquals(account.uri().toString(), jcache.configuration().endpoint().toString());
      app.getBean(Library.class).find("978-2");
      assertTrue(account.newCacheManager().getCache("books").containsKey("978-2"));
    }
  }

  @Test
  void cacheSettings_reachTheCaches(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account,
            "spring.cache.cache-names=books,titles",
            "cirrus.call-timeout=2s",
            "cirrus.connect-timeout=1500ms",
            "cirrus.default.expiry.ttl=10m",
            "cirrus.default.statistics=false",
            "cirrus.cache.titles.expiry.ttl=30s",
            "cirrus.cache.titles.expiry.policy=accessed",
            "cirrus.cache.titles.statistics=true"))) {
      CirrusCacheManager jcache = app.getBean(CirrusCacheManager.class);
      assertEquals(Duration.ofSeconds(2), jcache.configuration().callTimeout());
      assertEquals(Duration.ofMillis(1500), jcache.configuration().connectTimeout());

      CompleteConfiguration<?, ?> books = configuration(jcache.getCache("books"));
      ExpiryPolicy booksExpiry = books.getExpiryPolicyFactory().create();
      assertInstanceOf(CreatedExpiryPolicy.class, booksExpiry);
      assertEquals(TimeUnit.MINUTES.toMillis(10), millis(booksExpiry.getExpiryForCreation()));
      assertFalse(books.isStatisticsEnabled(), "an explicit false wins over the Micrometer default");

      CompleteConfiguration<?, ?> titles = configuration(jcache.getCache("titles"));
      ExpiryPolicy titlesExpiry = titles.getExpiryPolicyFactory().create();
      assertInstanceOf(AccessedExpiryPolicy.class, titlesExpiry);
      assertEquals(TimeUnit.SECONDS.toMillis(30), millis(titlesExpiry.getExpiryForAccess()));
      assertTrue(titles.isStatisticsEnabled());
    }
  }

  @Test
  void badProperty_failsTheStartNamingIt(CirrusAccount account) {
    Exception e = assertThrows(Exception.class, () -> BootApps.run(BootApp.class,
        BootApps.cirrus(account, "cirrus.call-timeout=0s")));
    assertTrue(rootMessages(e).contains("cirrus.call-timeout"), rootMessages(e));
  }

  @Test
  void unknownCirrusProperty_failsTheStartNamingIt(CirrusAccount account) {
    Exception e = assertThrows(Exception.class, () -> BootApps.run(BootApp.class,
        BootApps.cirrus(account, "cirrus.caches=books")));
    assertTrue(rootMessages(e).contains("cirrus.caches"), rootMessages(e));
  }

  @Test
  void jCacheManagerCustomizers_runOnTheCirrusCacheManager(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(CustomizedApp.class,
        BootApps.cirrus(account))) {
      assertNotNull(app.getBean(CirrusCacheManager.class).getCache("authors"));
      assertNotNull(account.newCacheManager().getCache("authors"));
    }
  }

  @Test
  void ownJCacheManager_makesTheAutoConfigurationBackOff(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(OwnJCacheApp.class,
        BootApps.cirrus(account))) {
      assertFalse(app.containsBean("cirrusCacheManager"));
      assertSame(app.getBean("myJCache"), app.getBean(JCacheCacheManager.class).getCacheManager());
      app.getBean(Library.class).find("978-3");
      assertTrue(account.newCacheManager().getCache("books").containsKey("978-3"));
    }
  }

  @Test
  void ownSpringCacheManager_makesTheAutoConfigurationBackOff(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(OwnSpringCacheApp.class,
        BootApps.cirrus(account))) {
      assertFalse(app.containsBean("cirrusCacheManager"));
      assertEquals(0, app.getBeanNamesForType(CacheManager.class).length);
      assertInstanceOf(ConcurrentMapCacheManager.class,
          app.getBean(org.springframework.cache.CacheManager.class));
    }
  }

  @Test
  void anotherCacheType_makesTheAutoConfigurationBackOff(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account, "spring.cache.type=simple"))) {
      assertFalse(app.containsBean("cirrusCacheManager"));
      assertEquals(0, app.getBeanNamesForType(CacheManager.class).length);
    }
  }

  @Test
  void anotherJCacheProvider_makesTheAutoConfigurationBackOff(CirrusAccount account) {
    // Boot then asks Caching for the named provider, which does not exist here: the start fails,
    // and the failure names Boot's lookup, not ours.
    Exception e = assertThrows(Exception.class, () -> BootApps.run(BootApp.class,
        BootApps.cirrus(account,
            "spring.cache.jcache.provider=com.example.OtherCachingProvider")));
    assertTrue(rootMessages(e).contains("com.example.OtherCachingProvider"), rootMessages(e));
  }

  private static CompleteConfiguration<?, ?> configuration(Cache<?, ?> cache) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
    return c;
  }

  private static long millis(javax.cache.expiry.Duration d) {
    return d.getTimeUnit().toMillis(d.getDurationAmount());
  }

  private static String rootMessages(Throwable e) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  /** An application that creates a cache with a typed configuration through Boot's hook. */
  @Configuration
  @Import(BootApp.class)
  static class CustomizedApp {
    @Bean
    JCacheManagerCustomizer authorsCache() {
      return manager -> manager.createCache("authors",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }
  }

  /** An application that makes its JCache CacheManager itself. */
  @Configuration
  @Import(BootApp.class)
  static class OwnJCacheApp {
    @Bean
    CacheManager myJCache(Environment env) {
      return CirrusCacheManagerBuilder.create()
          .uri(URI.create(env.getRequiredProperty("cirrus.uri")))
          .token(env.getRequiredProperty("cirrus.token"))
          .caches(List.of("books"))
          .build();
    }
  }

  /** An application that chose another Spring CacheManager. */
  @Configuration
  @Import(BootApp.class)
  static class OwnSpringCacheApp {
    @Bean
    ConcurrentMapCacheManager cacheManager() {
      return new ConcurrentMapCacheManager("books");
    }
  }
}
