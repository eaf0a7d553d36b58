package dev.cirrus.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.fastpath.DataPathLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data path's bounds from flags and environment variables, and bad values refused by name. */
class DataPathFlagsTest {
  private static DataPathLimits limits(Map<String, String> env, String... args)
      throws UsageException {
    return ServeCommand.config(Arguments.parse(List.of(args), env))
        .dataPathLimits();
  }

  @Test
  void defaults_whenNotGiven() throws UsageException {
    DataPathLimits limits = limits(Map.of());
    assertEquals(DataPathLimits.DEFAULT_MAX_CONNECTIONS, limits.maxConnections());
    assertEquals(DataPathLimits.DEFAULT_MAX_UNAUTHENTICATED, limits.maxUnauthenticated());
    assertEquals(DataPathLimits.DEFAULT_HELLO_TIMEOUT, limits.helloTimeout());
    assertEquals(DataPathLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, limits.maxConnectionsPerAddress());
    assertEquals(DataPathLimits.DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT, limits.maxConnectionsPerAccount());
    assertEquals(DataPathLimits.defaultMaxBytesInFlight(), limits.maxBytesInFlight());
  }

  @Test
  void eachBound_fromItsFlag_orItsEnvironmentVariable() throws UsageException {
    DataPathLimits flags = limits(Map.of(), "--data-max-connections", "100",
        "--data-max-unauthenticated", "10", "--data-hello-timeout", "2s",
        "--data-max-connections-per-address", "20", "--data-max-connections-per-account", "30",
        "--data-max-bytes-in-flight", "64m");
    assertEquals(new DataPathLimits(100, 10, Duration.ofSeconds(2), 20, 30, 64L << 20), flags);
    DataPathLimits env = limits(Map.of("CIRRUS_DATA_MAX_CONNECTIONS", "100",
        "CIRRUS_DATA_MAX_UNAUTHENTICATED", "10", "CIRRUS_DATA_HELLO_TIMEOUT", "2s",
        "CIRRUS_DATA_MAX_CONNECTIONS_PER_ADDRESS", "20",
        "CIRRUS_DATA_MAX_CONNECTIONS_PER_ACCOUNT", "30", "CIRRUS_DATA_MAX_BYTES_IN_FLIGHT", "64m"));
    assertEquals(flags, env);
  }

  @Test
  void badValues_areRefused_namingTheFlag() {
    UsageException zero = assertThrows(UsageException.class,
        () -> limits(Map.of(), "--data-max-connections", "0"));
    assertTrue(zero.getMessage().contains("--data-max-connections"), zero.getMessage());
    UsageException hello = assertThrows(UsageException.class,
        () -> limits(Map.of(), "--data-hello-timeout", "10ms"));
    assertTrue(hello.getMessage().contains("at least 100ms"), hello.getMessage());
    UsageException bytes = assertThrows(UsageException.class,
        () -> limits(Map.of("CIRRUS_DATA_MAX_BYTES_IN_FLIGHT", "64k")));
    assertTrue(bytes.getMessage().contains("CIRRUS_DATA_MAX_BYTES_IN_FLIGHT")
        && bytes.getMessage().contains("at least 1m"), bytes.getMessage());
  }
}
