package dev.cirrus.server.http;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Paths to routes: exact paths ({@code /health}) and prefixes ({@code /cache/}, the longest that
 * matches wins). Each route declares the largest body it takes: the listener refuses a request
 * whose {@code Content-Length} is larger before reading its body (0: the route takes no body).
 * Routes may be added while the listener runs.
 */
public final class Router {
  /** A route and the largest body it takes. */
  public record Entry(HttpRoute route, long maxBodyBytes) {
    public Entry {
      requireNonNull(route, "route");
      if (maxBodyBytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + maxBodyBytes);
      }
    }
  }

  private record Prefix(String prefix, Entry entry) {}

  /** Told of each request the HTTP door refuses (for counting), with the path it asked for. */
  @FunctionalInterface
  public interface RefusalListener {
    void refused(String path, HttpProblem problem);

    /** A connection beyond the listener's bound was answered with 503 and closed. */
    default void refusedConnection() {}
  }

  private final Map<String, Entry> exact = new ConcurrentHashMap<>();
  private volatile RefusalListener refusals = (path, problem) -> {};
  private final List<Prefix> prefixes = new CopyOnWriteArrayList<>();

  /** Routes requests for exactly {@code path}, which take no body. */
  public Router add(String path, HttpRoute route) {
    return add(path, 0, route);
  }

  /** Routes requests for exactly {@code path}, with bodies of at most {@code maxBodyBytes}. */
  public Router add(String path, long maxBodyBytes, HttpRoute route) {
    checkPath(path);
    if (exact.putIfAbsent(path, new Entry(route, maxBodyBytes)) != null) {
      throw new IllegalStateException("a route for " + path + " exists already");
    }
    return this;
  }

  /**
   * Routes requests for every path that starts with {@code prefix} (which ends with {@code /}),
   * with bodies of at most {@code maxBodyBytes}; the route reads its part with {@link
   * HttpCall#pathAfter}.
   */
  public Router addPrefix(String prefix, long maxBodyBytes, HttpRoute route) {
    checkPath(prefix);
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("a prefix ends with '/', got " + prefix);
    }
    Entry entry = new Entry(route, maxBodyBytes);
    synchronized (prefixes) {
      if (prefixes.stream().anyMatch(p -> p.prefix().equals(prefix))) {
        throw new IllegalStateException("a route for " + prefix + "* exists already");
      }
      prefixes.add(new Prefix(prefix, entry));
    }
    return this;
  }

  /** Tells {@code listener} of every refusal from now on (one listener: it replaces any other). */
  public void onRefusal(RefusalListener listener) {
    this.refusals = requireNonNull(listener, "listener");
  }

  /** A request for {@code path} was answered with {@code problem}. */
  void refused(String path, HttpProblem problem) {
    refusals.refused(path, problem);
  }

  /** A connection beyond the listener's bound was refused. */
  void refusedConnection() {
    refusals.refusedConnection();
  }

  /** The route for {@code path}, or null when none serves it. */
  public Entry find(String path) {
    Entry entry = exact.get(path);
    if (entry != null) {
      return entry;
    }
    Prefix best = null;
    for (Prefix p : prefixes) {
      if (path.startsWith(p.prefix()) && (best == null || p.prefix().length() > best.prefix().length())) {
        best = p;
      }
    }
    return best == null ? null : best.entry();
  }

  private static void checkPath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a route's path starts with '/', got " + path);
    }
  }
}
