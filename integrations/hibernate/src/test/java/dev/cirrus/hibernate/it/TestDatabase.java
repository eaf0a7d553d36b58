package dev.cirrus.hibernate.it;

/** A database that SessionFactories of this JVM, and of a second JVM, reach over loopback. */
interface TestDatabase extends AutoCloseable {

  /**
   * Connection settings for the next test. Its first SessionFactory creates the schema from
   * scratch ({@code hibernate.hbm2ddl.auto=create}).
   */
  Jdbc next();

  @Override
  void close();
}
