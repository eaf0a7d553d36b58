package dev.cirrus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/** The {@code cirrus} health indicator in a Spring Boot application. */
@ExtendWith(CirrusExtension.class)
class HealthIndicatorTest {

  /** A dead server must be reported quickly: a health endpoint that hangs is of no use. */
  private static final Duration QUICK = Duration.ofSeconds(5);

  @Test
  void health_serverUpAndTokenValid_isUpWithTheEndpoint(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account))) {
      Health health = cirrusHealth(app);
      assertEquals(Status.UP, health.getStatus());
      assertEquals(account.uri().toString(), health.getDetails().get("endpoint"));
    }
  }

  @Test
  void health_isRegisteredUnderTheNameCirrus(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account))) {
      assertSame(app.getBean("cirrusHealthIndicator"),
          app.getBean(HealthContributorRegistry.class).getContributor("cirrus"));
    }
  }

  @Test
  void health_nothingListensAtTheEndpoint_isDownQuickly(CirrusAccount account) throws IOException {
    String deadEndpoint = "cirrus://127.0.0.1:" + freePort();
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class, List.of(
        "cirrus.uri=" + deadEndpoint, "cirrus.token=" + account.token()))) {
      long start = System.nanoTime();
      Health health = cirrusHealth(app);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(Status.DOWN, health.getStatus());
      assertEquals(deadEndpoint, health.getDetails().get("endpoint"));
      assertTrue(String.valueOf(health.getDetails().get("error")).contains("unreachable"),
          health.getDetails().toString());
      assertTrue(took.compareTo(QUICK) < 0, "took " + took);
    }
  }

  @Test
  void health_tokenRefused_isDown(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class, List.of(
        "cirrus.uri=" + account.uri(), "cirrus.token=not-a-token"))) {
      Health health = cirrusHealth(app);
      assertEquals(Status.DOWN, health.getStatus());
      assertTrue(String.valueOf(health.getDetails().get("error")).contains("token"),
          health.getDetails().toString());
    }
  }

  @Test
  void health_disabledByProperty_isNotRegistered(CirrusAccount account) {
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account, "management.health.cirrus.enabled=false"))) {
      assertFalse(app.containsBean("cirrusHealthIndicator"));
    }
  }

  private static Health cirrusHealth(ConfigurableApplicationContext app) {
    return app.getBean("cirrusHealthIndicator", HealthIndicator.class).health();
  }

  /** A loopback port that nothing listens on (it was free a moment ago). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
