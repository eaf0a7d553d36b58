package dev.cirrus.server.metrics.web;

import dev.cirrus.server.http.Router;
import dev.cirrus.server.metrics.ServerMetrics;

/** Adds the metrics routes to the HTTP door's router. */
public final class MetricsRoutes {
  private MetricsRoutes() {}

  /**
   * {@code /metrics}, {@code /console} with its script and style, and {@code /console/api/stats};
   * the figures behind {@code gate}.
   */
  public static void install(Router router, ServerMetrics metrics, OperatorGate gate,
      String version) {
    router.add("/metrics", new MetricsRoute(metrics, gate));
    router.add("/console/api/stats", new StatsRoute(metrics, gate, version));
    router.add("/console", ConsoleRoute.of("console.html", "text/html; charset=utf-8"));
    router.add("/console/console.js",
        ConsoleRoute.of("console.js", "text/javascript; charset=utf-8"));
    router.add("/console/console.css", ConsoleRoute.of("console.css", "text/css; charset=utf-8"));
  }
}
