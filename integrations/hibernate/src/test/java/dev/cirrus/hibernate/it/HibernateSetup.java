package dev.cirrus.hibernate.it;

import dev.cirrus.jcache.CirrusCachingProvider;
import java.net.URI;
import java.util.Properties;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Builds a SessionFactory the way an application configures Hibernate: with properties only. The
 * cache settings are the ones a user writes; the rest is the test's database and statistics.
 */
final class HibernateSetup {

  private final Properties properties = new Properties();

  private HibernateSetup(Jdbc jdbc) {
    properties.setProperty("hibernate.connection.url", jdbc.url());
    properties.setProperty("hibernate.connection.username", jdbc.user());
    properties.setProperty("hibernate.connection.password", jdbc.password());
    properties.setProperty("hibernate.connection.pool_size", "4");
    properties.setProperty("hibernate.hbm2ddl.auto", "none");
    properties.setProperty("hibernate.cache.use_query_cache", "true");
    properties.setProperty("hibernate.cache.default_cache_concurrency_strategy", "read-write");
    properties.setProperty("hibernate.generate_statistics", "true");
  }

  /** hibernate-jcache with the Cirrus provider and a Cirrus config file: the documented setup. */
  static HibernateSetup jcache(Jdbc jdbc, URI cirrusConfig) {
    return new HibernateSetup(jdbc)
        .set("hibernate.cache.region.factory_class", "jcache")
        .set("hibernate.javax.cache.provider", CirrusCachingProvider.class.getName())
        .set("hibernate.javax.cache.uri", cirrusConfig.toString());
  }

  /** This module's region factory: the short name and the config file, nothing else. */
  static HibernateSetup cirrus(Jdbc jdbc, URI cirrusConfig) {
    return new HibernateSetup(jdbc)
        .set("hibernate.cache.region.factory_class", "cirrus")
        .set("hibernate.javax.cache.uri", cirrusConfig.toString());
  }

  HibernateSetup set(String key, String value) {
    properties.setProperty(key, value);
    return this;
  }

  HibernateSetup createSchema() {
    return set("hibernate.hbm2ddl.auto", "create");
  }

  SessionFactory build() {
    return new Configuration()
        .addAnnotatedClass(Author.class)
        .addAnnotatedClass(Book.class)
        .addAnnotatedClass(Item.class)
        .addProperties(properties)
        .buildSessionFactory();
  }
}
