package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How a {@link DataPathListener} serves its connections.
 *
 * @param maxRequestBytes the largest request message accepted, as on the gRPC port
 * @param maxValueBytes the largest value, named when a frame over the limit is refused (it is
 *     most often a value too large)
 * @param tls the server's TLS identity, or null to serve plaintext
 * @param idleTimeout how long a connection may go without sending a request before it is told
 *     GOODBYE and closed; it also caps {@link #openingTimeout} and {@link #frameTimeout}
 * @param limits what the connections may hold: connections, their hello time, bytes in flight
 */
public record DataPathOptions(int maxRequestBytes, int maxValueBytes, SSLContext tls,
    Duration idleTimeout, DataPathLimits limits) {
  /**
   * How long the rest of a started frame may take to arrive: a 16 MiB batch at well under 1 MB/s
   * fits, a client that sends half a header and stops does not keep its place.
   */
  static final Duration FRAME_TIMEOUT = Duration.ofSeconds(30);

  public DataPathOptions {
    requireNonNull(idleTimeout, "idleTimeout");
    requireNonNull(limits, "limits");
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
    }
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive, got " + maxValueBytes);
    }
    if (idleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("idleTimeout must be at least 1 ms, got " + idleTimeout);
    }
  }

  /** How many authenticated connections are served at once. */
  public int maxConnections() {
    return limits.maxConnections();
  }

  /** The largest frame: the request, its kind and its method number. */
  int maxFrameLength() {
    return (int) Math.min(Integer.MAX_VALUE, maxRequestBytes + 2L);
  }

  long idleTimeoutNanos() {
    return idleTimeout.toNanos();
  }

  /** How long a new connection may take for its TLS handshake and hello together. */
  long openingTimeoutNanos() {
    return Math.min(limits.helloTimeout().toNanos(), idleTimeout.toNanos());
  }

  long frameTimeoutNanos() {
    return Math.min(FRAME_TIMEOUT.toNanos(), idleTimeout.toNanos());
  }
}
