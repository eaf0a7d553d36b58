package dev.cirrus.jcache.config;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a Cirrus server listens: {@code cirrus://host:port} (plaintext) or
 * {@code cirrus+tls://host:port} (TLS).
 */
public record Endpoint(String host, int port, boolean tls) {

  public static final int DEFAULT_PORT = 7070;

  public Endpoint {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("Cirrus endpoint has an empty host; use cirrus://host:port");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "Cirrus endpoint port " + port + " is out of range; use a port between 1 and 65535");
    }
  }

  /** Whether the URI names a server directly rather than a config resource. */
  public static boolean isServerUri(URI uri) {
    String scheme = uri.getScheme();
    return scheme != null
        && (scheme.equalsIgnoreCase("cirrus") || scheme.equalsIgnoreCase("cirrus+tls"));
  }

  public static Endpoint parse(String text) {
    Objects.requireNonNull(text, "endpoint");
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a Cirrus endpoint; use cirrus://host:port or cirrus+tls://host:port", e);
    }
    return parse(uri);
  }

  public static Endpoint parse(URI uri) {
    if (!isServerUri(uri) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "'" + uri + "' is not a Cirrus endpoint; use cirrus://host:port or cirrus+tls://host:port");
    }
    boolean tls = uri.getScheme().toLowerCase(Locale.ROOT).equals("cirrus+tls");
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    return new Endpoint(uri.getHost(), port, tls);
  }

  public URI toUri() {
    return URI.create(toString());
  }

  @Override
  public String toString() {
    return (tls ? "cirrus+tls://" : "cirrus://") + host + ":" + port;
  }
}
