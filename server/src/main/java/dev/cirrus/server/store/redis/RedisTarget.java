package dev.cirrus.server.store.redis;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Redis store connects: seed nodes of a Redis Cluster (or one plain Redis), whether to
 * speak TLS, the password (null for none) and the PEM file of the certificates that Redis's TLS
 * certificate must chain to (null: the JVM's default trust store). Parsed from the {@code
 * --store} value {@code redis://HOST:PORT[,HOST:PORT...]} or {@code rediss://...}.
 */
public record RedisTarget(List<HostPort> nodes, boolean tls, String password, Path caFile) {
  /** One seed node. */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  public RedisTarget {
    nodes = List.copyOf(requireNonNull(nodes, "nodes"));
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a Redis store needs at least one node");
    }
  }

  /** This target with {@code value} as its password. */
  public RedisTarget withPassword(String value) {
    return new RedisTarget(nodes, tls, value, caFile);
  }

  /** This target trusting the certificates in {@code file} (PEM) for TLS. */
  public RedisTarget withCaFile(Path file) {
    if (!tls) {
      throw new IllegalArgumentException("a CA file is for TLS; name the store with rediss://");
    }
    return new RedisTarget(nodes, tls, password, requireNonNull(file, "file"));
  }

  /** Whether {@code spec} names a Redis store (rather than {@code memory}). */
  public static boolean isRedis(String spec) {
    return spec.startsWith("redis://") || spec.startsWith("rediss://");
  }

  /**
   * Parses {@code redis://HOST:PORT[,HOST:PORT...]} or {@code rediss://...}.
   *
   * @throws IllegalArgumentException naming what is wrong and what is allowed
   */
  public static RedisTarget parse(String spec) {
    requireNonNull(spec, "spec");
    boolean tls = spec.startsWith("rediss://");
    if (!tls && !spec.startsWith("redis://")) {
      throw new IllegalArgumentException(problem(spec, "it must start with redis:// or rediss://"));
    }
    String rest = spec.substring(tls ? "rediss://".length() : "redis://".length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.contains("@") || rest.contains("/") || rest.contains("?")) {
      throw new IllegalArgumentException(problem(spec,
          "give only HOST:PORT pairs (the password goes in --store-password-file or"
              + " CIRRUS_STORE_PASSWORD, never in the address)"));
    }
    List<HostPort> nodes = new ArrayList<>();
    for (String part : rest.split(",", -1)) {
      nodes.add(hostPort(spec, part.trim()));
    }
    return new RedisTarget(nodes, tls, null, null);
  }

  private static HostPort hostPort(String spec, String part) {
    int colon = part.lastIndexOf(':');
    if (part.isEmpty() || colon <= 0 || colon == part.length() - 1) {
      throw new IllegalArgumentException(problem(spec, "'" + part + "' is not HOST:PORT"));
    }
    String host = part.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(part.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(problem(spec, "the port of '" + part + "' must be 1..65535"));
    }
    return new HostPort(host, port);
  }

  private static String problem(String spec, String why) {
    return "store '" + spec + "' is not a Redis address: " + why
        + "; e.g. redis://127.0.0.1:7000,127.0.0.1:7001";
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(tls ? "rediss://" : "redis://");
    for (int i = 0; i < nodes.size(); i++) {
      s.append(i == 0 ? "" : ",").append(nodes.get(i));
    }
    return s.toString();
  }
}
