package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How a {@link DataPathListener} serves its connections.
 *
 * @param maxRequestBytes the largest request message accepted, as on the gRPC port
 * @param maxConnections how many connections are served at once; one more is refused
 * @param tls the server's TLS identity, or null to serve plaintext
 * @param idleTimeout how long a connection may go without sending a request before it is told
 *     GOODBYE and closed; it also caps {@link #openingTimeout} and {@link #frameTimeout}
 */
public record DataPathOptions(int maxRequestBytes, int maxConnections, SSLContext tls,
    Duration idleTimeout) {
  /** The default bound on connections served at once. */
  public static final int DEFAULT_MAX_CONNECTIONS = 512;
  /** How long a new connection may take for its TLS handshake and hello together. */
  static final Duration OPENING_TIMEOUT = Duration.ofSeconds(10);
  /**
   * How long the rest of a started frame may take to arrive: a 16 MiB batch at well under 1 MB/s
   * fits, a client that sends half a header and stops does not keep its thread.
   */
  static final Duration FRAME_TIMEOUT = Duration.ofSeconds(30);

  public DataPathOptions {
    requireNonNull(idleTimeout, "idleTimeout");
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
    }
    if (idleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("idleTimeout must be at least 1 ms, got " + idleTimeout);
    }
  }

  /** The largest frame: the request, its kind and its method number. */
  int maxFrameLength() {
    return (int) Math.min(Integer.MAX_VALUE, maxRequestBytes + 2L);
  }

  long idleTimeoutNanos() {
    return idleTimeout.toNanos();
  }

  long openingTimeoutNanos() {
    return Math.min(OPENING_TIMEOUT.toNanos(), idleTimeout.toNanos());
  }

  long frameTimeoutNanos() {
    return Math.min(FRAME_TIMEOUT.toNanos(), idleTimeout.toNanos());
  }
}
