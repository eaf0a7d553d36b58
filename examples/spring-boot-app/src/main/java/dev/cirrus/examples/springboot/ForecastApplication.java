package dev.cirrus.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A Spring Boot application whose weather lookups are cached in a Cirrus server. Nothing in it is
 * specific to Cirrus but the {@code cirrus-spring} dependency: the caching is Spring's.
 */
@SpringBootApplication
@EnableCaching
public class ForecastApplication {

  public static void main(String[] args) {
    // The report runs once at start; exiting closes the context and with it the connection.
    System.exit(SpringApplication.exit(SpringApplication.run(ForecastApplication.class, args)));
  }
}
