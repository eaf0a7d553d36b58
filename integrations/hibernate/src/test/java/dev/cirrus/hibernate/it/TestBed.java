package dev.cirrus.hibernate.it;

import dev.cirrus.junit.CirrusAccount;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;

/**
 * One test's world: a fresh Cirrus account (so no caches yet), a fresh database, a folder for
 * config files, and the SessionFactories opened on them, which {@link #close} closes.
 */
final class TestBed implements AutoCloseable {

  private final CirrusAccount account;
  private final Jdbc jdbc;
  private final Path dir;
  private final List<SessionFactory> sessionFactories = new ArrayList<>();

  TestBed(CirrusAccount account, TestDatabase database, Path dir) {
    this.account = account;
    this.jdbc = database.next();
    this.dir = dir;
  }

  Jdbc jdbc() {
    return jdbc;
  }

  Path dir() {
    return dir;
  }

  /** The Cirrus server. */
  URI uri() {
    return account.uri();
  }

  /** A token for this test's account. */
  String token() {
    return account.token();
  }

  /** Writes a Cirrus config file for this test's account, with any further lines. */
  URI configFile(String name, String... lines) {
    return CirrusConfigFile.write(dir.resolve(name), account, lines);
  }

  /** A CacheManager of another client of this test's account, to look at the server directly. */
  CacheManager cacheManager() {
    return account.newCacheManager();
  }

  /**
   * Builds the SessionFactory. The test's first one creates the schema and the {@link Library},
   * then empties the caches that inserting filled, so that every test starts from cold caches.
   * Statistics start at zero.
   */
  SessionFactory open(HibernateSetup setup) {
    boolean first = sessionFactories.isEmpty();
    SessionFactory sessionFactory = (first ? setup.createSchema() : setup).build();
    sessionFactories.add(sessionFactory);
    if (first) {
      Library.insert(sessionFactory);
      sessionFactory.getCache().evictAllRegions();
    }
    sessionFactory.getStatistics().clear();
    return sessionFactory;
  }

  @Override
  public void close() {
    List<SessionFactory> open = new ArrayList<>(sessionFactories);
    Collections.reverse(open);
    open.forEach(SessionFactory::close);
  }
}
