package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What the data path lets its clients hold, so that no client, authenticated or not, can take the
 * server's memory or every connection.
 *
 * @param maxConnections authenticated connections served at once; a hello beyond them is refused
 * @param maxUnauthenticated connections still in their TLS handshake or hello, counted apart from
 *     {@code maxConnections} (and never more than it), so they cannot take authenticated clients'
 *     slots; a connection beyond them is refused when accepted
 * @param helloTimeout how long a new connection may take for its TLS handshake and hello together
 *     (at most the idle timeout)
 * @param maxConnectionsPerAddress connections from one remote address, said hello or not
 * @param maxConnectionsPerAccount authenticated connections of one account
 * @param maxBytesInFlight request bytes the connections may hold at once beyond the first
 *     {@link dev.cirrus.wire.Frames#GROWTH_START} bytes of each frame (those are bounded by the
 *     connection counts); a frame that would exceed it is refused
 */
public record DataPathLimits(int maxConnections, int maxUnauthenticated, Duration helloTimeout,
    int maxConnectionsPerAddress, int maxConnectionsPerAccount, long maxBytesInFlight) {
  public static final int DEFAULT_MAX_CONNECTIONS = 512;
  public static final int DEFAULT_MAX_UNAUTHENTICATED = 64;
  /** Ample for a TLS handshake and a hello on a loaded server; a silent client is gone soon. */
  public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT = 256;

  public DataPathLimits {
    requireNonNull(helloTimeout, "helloTimeout");
    positive("maxConnections", maxConnections);
    positive("maxUnauthenticated", maxUnauthenticated);
    positive("maxConnectionsPerAddress", maxConnectionsPerAddress);
    positive("maxConnectionsPerAccount", maxConnectionsPerAccount);
    if (maxBytesInFlight < 1) {
      throw new IllegalArgumentException("maxBytesInFlight must be positive, got " + maxBytesInFlight);
    }
    if (helloTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("helloTimeout must be at least 1 ms, got " + helloTimeout);
    }
  }

  /** The defaults above, and {@link #defaultMaxBytesInFlight()}. */
  public static DataPathLimits defaults() {
    return new DataPathLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_UNAUTHENTICATED,
        DEFAULT_HELLO_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
        DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT, defaultMaxBytesInFlight());
  }

  /**
   * A quarter of the JVM's maximum heap (the entries get half), and at least 32 MiB, two frames of
   * the default request limit.
   */
  public static long defaultMaxBytesInFlight() {
    return Math.max(32L << 20, Runtime.getRuntime().maxMemory() / 4);
  }

  public DataPathLimits withMaxConnections(int value) {
    return new DataPathLimits(value, maxUnauthenticated, helloTimeout, maxConnectionsPerAddress,
        maxConnectionsPerAccount, maxBytesInFlight);
  }

  public DataPathLimits withMaxUnauthenticated(int value) {
    return new DataPathLimits(maxConnections, value, helloTimeout, maxConnectionsPerAddress,
        maxConnectionsPerAccount, maxBytesInFlight);
  }

  public DataPathLimits withHelloTimeout(Duration value) {
    return new DataPathLimits(maxConnections, maxUnauthenticated, value, maxConnectionsPerAddress,
        maxConnectionsPerAccount, maxBytesInFlight);
  }

  public DataPathLimits withMaxConnectionsPerAddress(int value) {
    return new DataPathLimits(maxConnections, maxUnauthenticated, helloTimeout, value,
        maxConnectionsPerAccount, maxBytesInFlight);
  }

  public DataPathLimits withMaxConnectionsPerAccount(int value) {
    return new DataPathLimits(maxConnections, maxUnauthenticated, helloTimeout,
        maxConnectionsPerAddress, value, maxBytesInFlight);
  }

  public DataPathLimits withMaxBytesInFlight(long value) {
    return new DataPathLimits(maxConnections, maxUnauthenticated, helloTimeout,
        maxConnectionsPerAddress, maxConnectionsPerAccount, value);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
