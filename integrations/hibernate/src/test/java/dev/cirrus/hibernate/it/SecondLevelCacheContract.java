package dev.cirrus.hibernate.it;

import static dev.cirrus.hibernate.it.Library.BOOKS_ROLE;
import static dev.cirrus.hibernate.it.Library.ISBN_1;
import static dev.cirrus.hibernate.it.Library.bookIdsOfAuthor;
import static dev.cirrus.hibernate.it.Library.bookTitles;
import static dev.cirrus.hibernate.it.Library.bookTitlesOfAuthor;
import static dev.cirrus.hibernate.it.Library.cacheBookTitles;
import static dev.cirrus.hibernate.it.Library.findBook;
import static dev.cirrus.hibernate.it.Library.findBookByIsbn;
import static dev.cirrus.hibernate.it.Library.findItem;
import static dev.cirrus.hibernate.it.Library.renameBook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the second-level cache does on Cirrus with plain hibernate-jcache, as a user configures it:
 * {@code factory_class=jcache}, the Cirrus provider and a config file. Every test has a fresh
 * account (so fresh caches) and a fresh schema; subclasses supply the database.
 */
abstract class SecondLevelCacheContract extends CirrusHibernateTest {

  // ---- one SessionFactory ----

  @Test
  void entityCache_secondSession_isSecondLevelHit() {
    SessionFactory sessionFactory = sessionFactory("cirrus.properties");
    Statistics statistics = sessionFactory.getStatistics();

    Book first = findBook(sessionFactory, 1L);
    assertEquals(0, statistics.getSecondLevelCacheHitCount(), "hits of the first session");
    assertEquals(1, statistics.getSecondLevelCacheMissCount(), "misses of the first session");
    assertEquals(1, statistics.getSecondLevelCachePutCount(), "puts of the first session");
    assertEquals(1, statistics.getPrepareStatementCount(), "SQL of the first session");

    statistics.clear();
    Book second = findBook(sessionFactory, 1L);
    assertEquals(first.getTitle(), second.getTitle());
    assertEquals(1, statistics.getSecondLevelCacheHitCount(), "hits of the second session");
    assertEquals(0, statistics.getSecondLevelCacheMissCount(), "misses of the second session");
    assertEquals(0, statistics.getPrepareStatementCount(), "SQL of the second session");
  }

  @Test
  void collectionCache_secondSession_isSecondLevelHit() {
    SessionFactory sessionFactory = sessionFactory("cirrus.properties");
    Statistics statistics = sessionFactory.getStatistics();

    List<String> first = bookTitlesOfAuthor(sessionFactory, 1L);
    assertEquals(List.of("The Dispossessed", "The Lathe of Heaven"), first);
    assertEquals(1, statistics.getCollectionStatistics(BOOKS_ROLE).getCacheMissCount());
    assertEquals(1, statistics.getCollectionStatistics(BOOKS_ROLE).getCachePutCount());
    assertEquals(2, statistics.getPrepareStatementCount(), "author, then the collection");

    statistics.clear();
    List<String> second = bookTitlesOfAuthor(sessionFactory, 1L);
    assertEquals(first, second);
    assertEquals(1, statistics.getCollectionStatistics(BOOKS_ROLE).getCacheHitCount());
    assertEquals(0, statistics.getCollectionStatistics(BOOKS_ROLE).getCacheMissCount());
    assertEquals(2, statistics.getEntityStatistics(Book.class.getName()).getCacheHitCount(),
        "the collection's books come from their own region");
    assertEquals(0, statistics.getPrepareStatementCount(), "SQL of the second session");
  }

  @Test
  void naturalIdCache_secondSession_resolvesWithoutSql() {
    SessionFactory sessionFactory = sessionFactory("cirrus.properties");
    Statistics statistics = sessionFactory.getStatistics();

    Book first = findBookByIsbn(sessionFactory, ISBN_1);
    assertEquals(1L, first.getId());
    assertEquals(1, statistics.getNaturalIdCacheMissCount(), "natural-id misses, first session");
    assertEquals(1, statistics.getNaturalIdCachePutCount(), "natural-id puts, first session");
    assertTrue(statistics.getPrepareStatementCount() >= 1, "the first session reads the database");

    statistics.clear();
    Book second = findBookByIsbn(sessionFactory, ISBN_1);
    assertEquals(1L, second.getId());
    assertEquals(1, statistics.getNaturalIdCacheHitCount(), "natural-id hits, second session");
    assertEquals(0, statistics.getNaturalIdCacheMissCount(), "natural-id misses, second session");
    assertEquals(1, statistics.getEntityStatistics(Book.class.getName()).getCacheHitCount());
    assertEquals(0, statistics.getPrepareStatementCount(), "SQL of the second session");
  }

  @Test
  void queryCache_secondExecution_isHit() {
    SessionFactory sessionFactory = sessionFactory("cirrus.properties");
    Statistics statistics = sessionFactory.getStatistics();

    List<Long> first = bookIdsOfAuthor(sessionFactory, 1L);
    assertEquals(List.of(1L, 2L), first);
    assertEquals(1, statistics.getQueryCacheMissCount(), "query cache misses, first execution");
    assertEquals(1, statistics.getQueryCachePutCount(), "query cache puts, first execution");
    assertEquals(1, statistics.getPrepareStatementCount(), "SQL of the first execution");

    statistics.clear();
    List<Long> second = bookIdsOfAuthor(sessionFactory, 1L);
    assertEquals(first, second);
    assertEquals(1, statistics.getQueryCacheHitCount(), "query cache hits, second execution");
    assertEquals(0, statistics.getQueryCacheMissCount(), "query cache misses, second execution");
    assertEquals(0, statistics.getPrepareStatementCount(), "SQL of the second execution");
  }

  @Test
  void queryCache_afterUpdateOfQueriedTable_isInvalidated() {
    SessionFactory sessionFactory = sessionFactory("cirrus.properties");
    Statistics statistics = sessionFactory.getStatistics();
    cacheBookTitles(sessionFactory);

    renameBook(sessionFactory, 1L, "The Dispossessed, revised");
    statistics.clear();
    List<String> titles = bookTitles(sessionFactory);
    assertEquals(List.of("The Dispossessed, revised", "The Lathe of Heaven"), titles);
    assertEquals(0, statistics.getQueryCacheHitCount(), "query cache hits after the update");
    assertEquals(1, statistics.getQueryCacheMissCount(), "query cache misses after the update");
    assertEquals(1, statistics.getPrepareStatementCount(), "SQL after the update");
  }

  @ParameterizedTest
  @EnumSource(value = CacheConcurrencyStrategy.class,
      names = {"READ_ONLY", "NONSTRICT_READ_WRITE", "READ_WRITE"})
  void concurrencyStrategy_secondSession_isSecondLevelHit(CacheConcurrencyStrategy strategy) {
    SessionFactory sessionFactory = sessionFactory("cirrus.properties", strategy);
    Statistics statistics = sessionFactory.getStatistics();

    assertEquals("first", findItem(sessionFactory, 1L).getLabel());
    assertEquals(1, statistics.getSecondLevelCacheMissCount(), "misses of the first session");
    assertEquals(1, statistics.getSecondLevelCachePutCount(), "puts of the first session");

    statistics.clear();
    assertEquals("first", findItem(sessionFactory, 1L).getLabel());
    assertEquals(1, statistics.getSecondLevelCacheHitCount(), "hits of the second session");
    assertEquals(0, statistics.getPrepareStatementCount(), "SQL of the second session");
  }

  @Test
  void readOnlyStrategy_update_isRefused() {
    SessionFactory sessionFactory =
        sessionFactory("cirrus.properties", CacheConcurrencyStrategy.READ_ONLY);
    findItem(sessionFactory, 1L);

    RuntimeException refused = assertThrows(RuntimeException.class, () ->
        sessionFactory.inTransaction(session -> session.find(Item.class, 1L).setLabel("changed")));
    assertTrue(Failures.chain(refused).stream().anyMatch(cause ->
            cause instanceof UnsupportedOperationException
                && cause.getMessage().contains("read-only")),
        () -> "expected Hibernate's read-only refusal, got " + Failures.chain(refused));

    // Hibernate evicts a read-only entry whose update failed (EntityReadOnlyAccess.unlockItem),
    // so the next read goes to the database, which the rollback left unchanged.
    Statistics statistics = sessionFactory.getStatistics();
    statistics.clear();
    assertEquals("first", findItem(sessionFactory, 1L).getLabel());
    assertEquals(1, statistics.getSecondLevelCacheMissCount(), "the refused entry was evicted");
    assertEquals(1, statistics.getPrepareStatementCount(), "and is read from the database");
  }

  // ---- two SessionFactories ----

  @ParameterizedTest
  @EnumSource(value = CacheConcurrencyStrategy.class, names = {"NONSTRICT_READ_WRITE", "READ_WRITE"})
  void twoSessionFactories_loadInOne_isHitInOther_andUpdateIsNeverStale(
      CacheConcurrencyStrategy strategy) {
    // Two config files, because hibernate-jcache asks the provider for one CacheManager per URI:
    // with one file both SessionFactories would share a client, not only the server.
    SessionFactory a = sessionFactory("a.properties", strategy);
    SessionFactory b = sessionFactory("b.properties", strategy);
    Statistics statisticsA = a.getStatistics();
    Statistics statisticsB = b.getStatistics();

    findItem(a, 1L);
    assertEquals(1, statisticsA.getSecondLevelCachePutCount(), "A caches the item");
    statisticsB.clear();
    Item cachedByA = findItem(b, 1L);
    assertEquals("first", cachedByA.getLabel());
    assertEquals(Condition.NEW, cachedByA.getCondition(), "an attribute of the application's type");
    assertEquals(1, statisticsB.getSecondLevelCacheHitCount(), "B hits what A cached");
    assertEquals(0, statisticsB.getPrepareStatementCount(), "B runs no SQL");

    a.inTransaction(session -> session.find(Item.class, 1L).setLabel("second"));
    statisticsB.clear();
    assertEquals("second", findItem(b, 1L).getLabel(), "B reads A's update");
    if (strategy == CacheConcurrencyStrategy.READ_WRITE) {
      assertEquals(1, statisticsB.getSecondLevelCacheHitCount(), "read-write caches the update");
      assertEquals(0, statisticsB.getPrepareStatementCount(), "so B runs no SQL");
    } else {
      assertEquals(1, statisticsB.getSecondLevelCacheMissCount(), "nonstrict evicts on update");
      assertEquals(1, statisticsB.getPrepareStatementCount(), "so B reads the database");
    }
  }

  @Test
  void twoSessionFactories_queryCachedByOne_isHitInOtherUntilOneUpdatesTheTable() {
    SessionFactory a = sessionFactory("a.properties");
    SessionFactory b = sessionFactory("b.properties");
    Statistics statisticsB = b.getStatistics();

    bookTitles(a);
    statisticsB.clear();
    assertEquals(List.of("The Dispossessed", "The Lathe of Heaven"), bookTitles(b));
    assertEquals(1, statisticsB.getQueryCacheHitCount(), "B hits the result A cached");
    assertEquals(0, statisticsB.getPrepareStatementCount(), "B runs no SQL");

    renameBook(a, 2L, "The Lathe of Heaven, revised");
    statisticsB.clear();
    assertEquals(List.of("The Dispossessed", "The Lathe of Heaven, revised"), bookTitles(b));
    assertEquals(0, statisticsB.getQueryCacheHitCount(), "A's update invalidated B's result");
    assertEquals(1, statisticsB.getPrepareStatementCount(), "B reads the database");
  }

  // ---- two JVMs ----

  @Test
  void twoJvms_entityLoadedByParent_isHitInChild_andUpdateIsNeverStale() throws Exception {
    SessionFactory parent = sessionFactory("cirrus.properties");
    URI config = bed.configFile("child.properties");
    assertEquals("The Dispossessed", findBook(parent, 1L).getTitle());
    assertEquals(1, parent.getStatistics().getSecondLevelCachePutCount(), "the parent caches it");

    try (Peer child = Peer.start(bed.jdbc(), config, bed.dir().resolve("child.log"))) {
      String[] found = child.call("find 1");
      assertEquals("found", found[0]);
      assertEquals("The Dispossessed", found[1]);
      assertEquals("1", found[2], "second-level cache hits in the child");
      assertEquals("0", found[3], "second-level cache misses in the child");
      assertEquals("0", found[4], "SQL statements in the child");

      renameBook(parent, 1L, "The Dispossessed, revised");
      found = child.call("find 1");
      assertEquals("The Dispossessed, revised", found[1], "the child reads the parent's update");
      assertEquals("1", found[2], "read-write: the update is in the cache, a hit in the child");
      assertEquals("0", found[4], "SQL statements in the child");

      assertEquals(0, child.exit(), "the child JVM's exit code");
    }
  }

  // ---- helpers ----

  private SessionFactory sessionFactory(String configFile) {
    return sessionFactory(configFile, CacheConcurrencyStrategy.READ_WRITE);
  }

  /** A SessionFactory as documented, whose {@link Item}s use {@code strategy}. */
  private SessionFactory sessionFactory(String configFile, CacheConcurrencyStrategy strategy) {
    return bed.open(HibernateSetup.jcache(bed.jdbc(), bed.configFile(configFile))
        .set("hibernate.cache.default_cache_concurrency_strategy",
            strategy.toAccessType().getExternalName()));
  }
}
