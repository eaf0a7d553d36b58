package dev.cirrus.examples.hibernate;

import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;

/**
 * Stores an author and their books, then reads them in two sessions and prints what the
 * second-level cache did: the first session reads the database and fills the cache on the Cirrus
 * server, the second is served by the cache. The settings are in {@code hibernate.properties} and
 * {@code cirrus.properties}.
 */
public final class LibraryApp {

  private LibraryApp() {}

  public static void main(String[] args) {
    if (System.getenv("CIRRUS_AUTH_TOKEN") == null && System.getProperty("cirrus.token") == null) {
      throw new IllegalStateException("Set CIRRUS_AUTH_TOKEN to a Cirrus token: the server prints a"
          + " development token when it starts and writes it to .cirrus/dev-token");
    }
    try (SessionFactory sessionFactory = new Configuration()
        .addAnnotatedClass(Author.class)
        .addAnnotatedClass(Book.class)
        .buildSessionFactory()) {
      // The database lives in this process and starts empty, but the cache lives on the server
      // and still holds the last run's rows: Hibernate would take them for the new rows. An
      // application whose database outlives it never needs this.
      sessionFactory.getCache().evictAllRegions();
      store(sessionFactory);
      // Storing cached the new rows; empty the cache again so that the first session shows how
      // the cache fills.
      sessionFactory.getCache().evictAllRegions();

      Statistics statistics = sessionFactory.getStatistics();
      long firstHits = read(sessionFactory, "Session 1");
      long secondHits = read(sessionFactory, "Session 2");
      if (firstHits != 0 || secondHits == 0) {
        throw new IllegalStateException("Expected the second session, and only it, to be served by"
            + " the second-level cache; statistics: " + statistics);
      }
    }
  }

  private static void store(SessionFactory sessionFactory) {
    sessionFactory.inTransaction(session -> {
      Author author = new Author(1L, "Ursula K. Le Guin");
      session.persist(author);
      session.persist(new Book(1L, "The Dispossessed", author));
      session.persist(new Book(2L, "The Lathe of Heaven", author));
      session.persist(new Book(3L, "A Wizard of Earthsea", author));
    });
  }

  /** Reads the author, their books and a cached query in one session; returns its cache hits. */
  private static long read(SessionFactory sessionFactory, String label) {
    Statistics statistics = sessionFactory.getStatistics();
    statistics.clear();
    String line = sessionFactory.fromTransaction(session -> {
      Author author = session.find(Author.class, 1L);
      List<String> titles = author.getBooks().stream().map(Book::getTitle).toList();
      long count = session.createSelectionQuery("select count(b) from Book b", Long.class)
          .setCacheable(true)
          .getSingleResult();
      return author.getName() + ": " + count + " books " + titles;
    });
    System.out.printf("%s: %s%n  second-level cache: %d hits, %d misses, %d puts;"
            + " query cache: %d hits, %d misses; SQL statements: %d%n",
        label, line,
        statistics.getSecondLevelCacheHitCount(), statistics.getSecondLevelCacheMissCount(),
        statistics.getSecondLevelCachePutCount(), statistics.getQueryCacheHitCount(),
        statistics.getQueryCacheMissCount(), statistics.getPrepareStatementCount());
    return statistics.getSecondLevelCacheHitCount() + statistics.getQueryCacheHitCount();
  }
}
