package dev.cirrus.hibernate.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL database named by {@value #URL_ENV} (with {@value #USER_ENV} and
 * {@value #PASSWORD_ENV}). Tests share it; each one's first SessionFactory recreates the schema.
 */
final class PostgresDatabase implements TestDatabase {

  static final String URL_ENV = "CIRRUS_TEST_POSTGRES_URL";
  static final String USER_ENV = "CIRRUS_TEST_POSTGRES_USER";
  static final String PASSWORD_ENV = "CIRRUS_TEST_POSTGRES_PASSWORD";

  private final Jdbc jdbc;

  private PostgresDatabase(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Connects to the configured database, to check that it is there. */
  static PostgresDatabase connect() throws Unavailable {
    String url = System.getenv(URL_ENV);
    if (url == null || url.isBlank()) {
      throw new Unavailable(URL_ENV + " is not set. To run them, point it at a PostgreSQL database,"
          + " e.g. " + URL_ENV + "=jdbc:postgresql://127.0.0.1:5432/cirrus " + USER_ENV + "=cirrus "
          + PASSWORD_ENV + "=secret");
    }
    Jdbc jdbc = new Jdbc(url, valueOf(USER_ENV), valueOf(PASSWORD_ENV));
    Properties properties = new Properties();
    properties.setProperty("user", jdbc.user());
    properties.setProperty("password", jdbc.password());
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "5");
    try (Connection connection = new org.postgresql.Driver().connect(url, properties)) {
      if (connection == null) {
        throw new Unavailable(URL_ENV + "=" + url + " is not a jdbc:postgresql: URL");
      }
    } catch (SQLException e) {
      throw new Unavailable("PostgreSQL at " + url + " is not reachable: " + e.getMessage());
    }
    return new PostgresDatabase(jdbc);
  }

  @Override
  public Jdbc next() {
    return jdbc;
  }

  @Override
  public void close() {}

  private static String valueOf(String variable) {
    String value = System.getenv(variable);
    return value == null ? "" : value;
  }

  /** Why the tests cannot use PostgreSQL here. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
      super(reason);
    }
  }
}
