package dev.cirrus.hibernate.it;

import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The second-level cache contract on PostgreSQL. Runs when {@value PostgresDatabase#URL_ENV} names
 * a reachable database; otherwise each test is reported skipped with the reason, which is also
 * logged once.
 */
class PostgresSecondLevelCacheTest extends SecondLevelCacheContract {

  private static final Logger LOG = Logger.getLogger(PostgresSecondLevelCacheTest.class.getName());

  private static PostgresDatabase database;
  private static String unavailable;

  @BeforeAll
  static void connect() {
    try {
      database = PostgresDatabase.connect();
    } catch (PostgresDatabase.Unavailable e) {
      unavailable = e.getMessage();
      LOG.warning("Skipping the second-level cache tests on PostgreSQL: " + unavailable);
    }
  }

  @Override
  TestDatabase database() {
    Assumptions.assumeTrue(database != null, () -> "PostgreSQL: " + unavailable);
    return database;
  }
}
