package dev.cirrus.server.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * What the HTTP listener holds at most, and its TLS.
 *
 * @param maxConnections open connections at once; one beyond is closed when accepted
 * @param maxHeaderBytes the request line and the headers together, per request (beyond: 431)
 * @param maxBodyBytes the largest body any route may declare (beyond: 413, the body unread)
 * @param idleTimeout a connection with no traffic for this long is closed
 * @param threads event-loop threads (accepting, reading, writing and running the routes)
 * @param tls the server's TLS (its certificate and key), or null for plaintext
 */
public record HttpOptions(int maxConnections, int maxHeaderBytes, long maxBodyBytes,
    Duration idleTimeout, int threads, SSLContext tls) {
  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
  public static final long DEFAULT_MAX_BODY_BYTES = 8L << 20;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Two: the door is for scrapes, the console and small calls, never worth the gRPC threads. */
  public static final int DEFAULT_THREADS = 2;

  public HttpOptions {
    requireNonNull(idleTimeout, "idleTimeout");
    if (maxConnections < 1 || maxHeaderBytes < 1024 || maxBodyBytes < 0 || threads < 1
        || idleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("HTTP limits out of range: maxConnections " + maxConnections
          + " (>= 1), maxHeaderBytes " + maxHeaderBytes + " (>= 1024), maxBodyBytes " + maxBodyBytes
          + " (>= 0), threads " + threads + " (>= 1), idleTimeout " + idleTimeout + " (>= 1ms)");
    }
  }

  /** The defaults above, with {@code tls} (null: plaintext). */
  public static HttpOptions defaults(SSLContext tls) {
    return new HttpOptions(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES,
        DEFAULT_IDLE_TIMEOUT, DEFAULT_THREADS, tls);
  }
}
