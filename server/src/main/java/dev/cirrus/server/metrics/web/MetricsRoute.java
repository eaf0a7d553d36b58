package dev.cirrus.server.metrics.web;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.http.HttpCall;
import dev.cirrus.server.http.HttpProblem;
import dev.cirrus.server.http.HttpReply;
import dev.cirrus.server.http.HttpRoute;
import dev.cirrus.server.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: every meter in the Prometheus text format, for a stock Prometheus. */
public final class MetricsRoute implements HttpRoute {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerMetrics metrics;
  private final OperatorGate gate;

  public MetricsRoute(ServerMetrics metrics, OperatorGate gate) {
    this.metrics = requireNonNull(metrics, "metrics");
    this.gate = requireNonNull(gate, "gate");
  }

  @Override
  public HttpReply handle(HttpCall call) {
    if (!call.method().equals("GET")) {
      throw HttpProblem.methodNotAllowed(call.method(), call.path(), "GET");
    }
    gate.check(call, "/metrics");
    return HttpReply.of(200, CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8))
        .withHeader("cache-control", "no-store");
  }
}
