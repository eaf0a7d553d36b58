package dev.cirrus.hibernate.it;

import static dev.cirrus.hibernate.it.Library.bookTitles;
import static dev.cirrus.hibernate.it.Library.cacheBookTitles;
import static dev.cirrus.hibernate.it.Library.findBook;
import static dev.cirrus.hibernate.it.Library.renameBook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.hibernate.CirrusRegionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.Duration;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The region factory {@code cirrus}, next to plain {@code jcache} where the difference is the
 * point: the {@code jcache} tests show the behaviour the {@code cirrus} factory exists to change.
 */
class CirrusRegionFactoryTest extends CirrusHibernateTest {

  private static final String HIBERNATE_CACHE_LOGGER = "org.hibernate.orm.cache";
  private static final String TIMESTAMPS_REGION = "default-update-timestamps-region";

  @RegisterExtension
  static final H2Database H2 = new H2Database();

  @Override
  TestDatabase database() {
    return H2;
  }

  @Test
  void cirrusFactory_factoryClassAndUriOnly_cachesEntitiesOnCirrus() {
    SessionFactory sessionFactory = bed.open(cirrus("cirrus.properties"));
    Statistics statistics = sessionFactory.getStatistics();

    findBook(sessionFactory, 1L);
    statistics.clear();
    assertEquals("The Dispossessed", findBook(sessionFactory, 1L).getTitle());
    assertEquals(1, statistics.getSecondLevelCacheHitCount(), "hits of the second session");
    assertEquals(0, statistics.getPrepareStatementCount(), "SQL of the second session");
    assertNotNull(bed.cacheManager().getCache(Book.class.getName()), "the region is on the server");
  }

  @Test
  void jcacheFactory_createsMissingRegions_warnsOncePerRegion() {
    try (LogRecords log = LogRecords.capture()) {
      SessionFactory sessionFactory = bed.open(jcache("cirrus.properties"));

      List<String> warnings = missingRegionWarnings(log);
      String[] regions = sessionFactory.getStatistics().getSecondLevelCacheRegionNames();
      assertEquals(6, regions.length, Arrays.toString(regions));
      assertEquals(regions.length + 1, warnings.size(),
          () -> "one warning per region, the update timestamps' included: " + warnings);
    }
  }

  @Test
  void cirrusFactory_createsMissingRegions_logsOneSummaryLineInstead() {
    try (LogRecords log = LogRecords.capture()) {
      SessionFactory first = bed.open(cirrus("a.properties"));
      String[] regions = first.getStatistics().getSecondLevelCacheRegionNames();
      SessionFactory second = bed.open(cirrus("b.properties"));

      assertEquals(List.of(), missingRegionWarnings(log), "hibernate-jcache's warnings");
      List<String> summaries = log.messages(CirrusRegionFactory.class.getName(), Level.INFO);
      assertEquals(2, summaries.size(), () -> "one line per SessionFactory: " + summaries);
      String prefix = "Hibernate second-level cache on Cirrus " + bed.uri() + ": 7 regions, ";
      assertTrue(summaries.get(0).startsWith(prefix + "created 7 ["), summaries.get(0));
      assertTrue(summaries.get(1).startsWith(prefix + "existing 7 ["), summaries.get(1));
      for (String region : regions) {
        assertTrue(summaries.get(0).contains(region), () -> region + " in " + summaries.get(0));
      }
      assertTrue(summaries.get(0).endsWith("update timestamps in '" + TIMESTAMPS_REGION
          + "' never expire (3 tables given a first timestamp)"), summaries.get(0));
      assertTrue(summaries.get(1).endsWith("never expire"), "the second finds the timestamps");
      assertNotNull(second);
    }
  }

  @Test
  void cirrusFactory_updateTimestampsRegion_neverExpiresDespiteDefaultTtl() {
    bed.open(cirrus("cirrus.properties", "cirrus.default.expiry.ttl=10m"));

    assertTrue(expiryOf(TIMESTAMPS_REGION).isEternal(), "update timestamps never expire");
    assertEquals(TimeUnit.MINUTES.toMillis(10), millis(expiryOf(Book.class.getName())),
        "the default applies to the other regions");
  }

  @Test
  void jcacheFactory_updateTimestampsRegion_takesTheDefaultTtl() {
    bed.open(jcache("cirrus.properties", "cirrus.default.expiry.ttl=10m"));

    assertEquals(TimeUnit.MINUTES.toMillis(10), millis(expiryOf(TIMESTAMPS_REGION)));
  }

  @Test
  void cirrusFactory_lostUpdateTimestamps_queryResultsAreReadAgain() {
    SessionFactory sessionFactory = bed.open(cirrus("cirrus.properties"));
    Statistics statistics = sessionFactory.getStatistics();

    List<String> titles = updateThenLoseTimestamps(sessionFactory);
    assertEquals(List.of("The Dispossessed, revised", "The Lathe of Heaven"), titles);
    assertEquals(0, statistics.getQueryCacheHitCount(), "query cache hits after the loss");
    assertEquals(1, statistics.getPrepareStatementCount(), "the query ran again");
  }

  @Test
  void jcacheFactory_lostUpdateTimestamps_servesStaleQueryResults() {
    SessionFactory sessionFactory = bed.open(jcache("cirrus.properties"));
    Statistics statistics = sessionFactory.getStatistics();

    List<String> titles = updateThenLoseTimestamps(sessionFactory);
    assertEquals(List.of("The Dispossessed", "The Lathe of Heaven"), titles, "stale");
    assertEquals(1, statistics.getQueryCacheHitCount(), "served from the query cache");
  }

  @Test
  void cirrusFactory_closingOneSessionFactory_leavesTheOtherWorking() {
    SessionFactory a = bed.open(cirrus("cirrus.properties"));
    SessionFactory b = bed.open(cirrus("cirrus.properties"));
    findBook(a, 1L);

    a.close();
    Statistics statistics = b.getStatistics();
    assertEquals("The Dispossessed", findBook(b, 1L).getTitle());
    assertEquals(1, statistics.getSecondLevelCacheHitCount(), "B still reads the cache");
  }

  @Test
  void jcacheFactory_closingOneSessionFactory_closesTheCachesOfTheOther() {
    SessionFactory a = bed.open(jcache("cirrus.properties"));
    SessionFactory b = bed.open(jcache("cirrus.properties"));
    findBook(a, 1L);

    a.close();
    // hibernate-jcache closed the provider's one CacheManager for the URI, and with it B's caches.
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> findBook(b, 1L));
    assertTrue(failure.getMessage().contains("is closed"), failure::toString);
  }

  @Test
  void cirrusFactory_serverUri_isAcceptedAsCacheUri() {
    URI serverUri = bed.uri();
    // The token comes from the environment, as in a deployment; here from the system property,
    // set only while the SessionFactory starts.
    String previous = System.setProperty("cirrus.token", bed.token());
    SessionFactory sessionFactory;
    try {
      sessionFactory = bed.open(HibernateSetup.cirrus(bed.jdbc(), serverUri));
    } finally {
      if (previous == null) {
        System.clearProperty("cirrus.token");
      } else {
        System.setProperty("cirrus.token", previous);
      }
    }
    findBook(sessionFactory, 1L);
    assertEquals(1, sessionFactory.getStatistics().getSecondLevelCachePutCount());
    assertNotNull(bed.cacheManager().getCache(Book.class.getName()), "the region is on the server");
  }

  @Test
  void cirrusFactory_classpathUri_readsTheConfigFileFromTheClassPath() {
    bed.configFile("cirrus-on-classpath.properties");
    SessionFactory sessionFactory = withDirOnClassPath(() -> bed.open(
        HibernateSetup.cirrus(bed.jdbc(), URI.create("classpath:cirrus-on-classpath.properties"))));

    findBook(sessionFactory, 1L);
    assertEquals(1, sessionFactory.getStatistics().getSecondLevelCachePutCount());
    assertNotNull(bed.cacheManager().getCache(Book.class.getName()), "the region is on the server");
  }

  @Test
  void jcacheFactory_resourceNameUri_readsTheConfigFileFromTheClassPath() {
    bed.configFile("cirrus-on-classpath.properties");
    SessionFactory sessionFactory = withDirOnClassPath(() -> bed.open(
        HibernateSetup.jcache(bed.jdbc(), URI.create("cirrus-on-classpath.properties"))));

    findBook(sessionFactory, 1L);
    assertEquals(1, sessionFactory.getStatistics().getSecondLevelCachePutCount());
  }

  @Test
  void jcacheFactory_classpathUri_isNotFound() {
    bed.configFile("cirrus-on-classpath.properties");
    RuntimeException failure = assertThrows(RuntimeException.class, () -> withDirOnClassPath(
        () -> bed.open(HibernateSetup.jcache(bed.jdbc(),
            URI.create("classpath:cirrus-on-classpath.properties")))));

    String message = Failures.describe(failure);
    assertTrue(message.contains("Couldn't load URI from classpath:cirrus-on-classpath.properties"),
        message);
  }

  @Test
  void cirrusFactory_missingCacheStrategyFail_namesTheRegionAndCirrusCaches() {
    RuntimeException failure = assertThrows(RuntimeException.class, () -> bed.open(
        cirrus("cirrus.properties").set("hibernate.javax.cache.missing_cache_strategy", "fail")));

    String message = Failures.describe(failure);
    assertTrue(message.contains("region '" + TIMESTAMPS_REGION + "' does not exist"), message);
    assertTrue(message.contains("cirrus.caches=" + TIMESTAMPS_REGION), message);
  }

  @Test
  void cirrusFactory_anotherJCacheProvider_isRefusedWithTheReason() {
    RuntimeException failure = assertThrows(RuntimeException.class, () -> bed.open(
        cirrus("cirrus.properties").set("hibernate.javax.cache.provider", "org.example.Other")));

    String message = Failures.describe(failure);
    assertTrue(message.contains("hibernate.javax.cache.provider names org.example.Other"), message);
  }

  // ---- helpers ----

  private HibernateSetup cirrus(String configFile, String... lines) {
    return HibernateSetup.cirrus(bed.jdbc(), bed.configFile(configFile, lines));
  }

  private HibernateSetup jcache(String configFile, String... lines) {
    return HibernateSetup.jcache(bed.jdbc(), bed.configFile(configFile, lines));
  }

  /**
   * Caches a query result, updates a table it read, then loses the update timestamps as the
   * server does when its memory budget evicts them; returns the query's next result.
   */
  private List<String> updateThenLoseTimestamps(SessionFactory sessionFactory) {
    cacheBookTitles(sessionFactory);
    renameBook(sessionFactory, 1L, "The Dispossessed, revised");
    bed.cacheManager().getCache(TIMESTAMPS_REGION).clear();
    sessionFactory.getStatistics().clear();
    return bookTitles(sessionFactory);
  }

  private List<String> missingRegionWarnings(LogRecords log) {
    return log.messages(HIBERNATE_CACHE_LOGGER, Level.WARNING).stream()
        .filter(message -> message.contains("Missing cache region")).toList();
  }

  private Duration expiryOf(String region) {
    Cache<Object, Object> cache = bed.cacheManager().getCache(region);
    assertNotNull(cache, region + " on the server");
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration =
        cache.getConfiguration(CompleteConfiguration.class);
    return configuration.getExpiryPolicyFactory().create().getExpiryForCreation();
  }

  private static long millis(Duration duration) {
    return duration.getTimeUnit().toMillis(duration.getDurationAmount());
  }

  /** Runs {@code action} with the test's folder on the class path, as resources are in an app. */
  private <T> T withDirOnClassPath(Supplier<T> action) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {bed.dir().toUri().toURL()}, previous)) {
      thread.setContextClassLoader(loader);
      return action.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
