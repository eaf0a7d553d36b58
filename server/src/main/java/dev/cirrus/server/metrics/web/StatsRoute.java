package dev.cirrus.server.metrics.web;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.http.HttpCall;
import dev.cirrus.server.http.HttpProblem;
import dev.cirrus.server.http.HttpReply;
import dev.cirrus.server.http.HttpRoute;
import dev.cirrus.server.http.Json;
import dev.cirrus.server.metrics.LabelBudget;
import dev.cirrus.server.metrics.ServerMetrics;
import dev.cirrus.server.metrics.StatsHistory;
import dev.cirrus.server.store.CacheActivity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /console/api/stats}: what the console draws, as JSON: the history's samples (oldest
 * first), each cache with a label pair of its own (entries, bytes, reads, hit ratio, calls,
 * evictions, expirations, subscribers), the label budget, and the calls the doors refused before
 * any cache saw them (by door, status and reason).
 */
public final class StatsRoute implements HttpRoute {
  private final ServerMetrics metrics;
  private final OperatorGate gate;
  private final String version;

  public StatsRoute(ServerMetrics metrics, OperatorGate gate, String version) {
    this.metrics = requireNonNull(metrics, "metrics");
    this.gate = requireNonNull(gate, "gate");
    this.version = requireNonNull(version, "version");
  }

  @Override
  public HttpReply handle(HttpCall call) {
    if (!call.method().equals("GET")) {
      throw HttpProblem.methodNotAllowed(call.method(), call.path(), "GET");
    }
    gate.check(call, "the console");
    LabelBudget labels = metrics.labels();
    String json = Json.object(
        "version", Json.string(version),
        "sampleIntervalSeconds", Json.number(ServerMetrics.SAMPLE_INTERVAL.toSeconds()),
        "historyCapacity", Json.number(metrics.history().capacity()),
        "history", Json.array(metrics.history().samples().stream().map(StatsRoute::sample).toList()),
        "caches", Json.array(caches(labels)),
        "cacheMetrics", metrics.perCall() ? "true" : "false",
        "refusals", Json.array(metrics.refusals().counts().stream().map(c -> Json.object(
            "door", Json.string(c.door()), "status", Json.string(c.status()),
            "reason", Json.string(c.reason()), "count", Json.number(c.count()))).toList()),
        "labels", Json.object(
            "pairs", Json.number(labels.pairsInUse()),
            "maxPairs", Json.number(labels.maxPairs()),
            "maxPerAccount", Json.number(labels.maxPerAccount())));
    return HttpReply.json(200, json).withHeader("cache-control", "no-store");
  }

  private static String sample(StatsHistory.Sample s) {
    List<String> connections = new ArrayList<>();
    for (Map.Entry<String, Integer> e : s.connections().entrySet()) {
      connections.add(e.getKey());
      connections.add(Json.number(e.getValue()));
    }
    return Json.object(
        "t", Json.number(s.atMillis()),
        "requestsPerSecond", Json.number(s.requestsPerSecond()),
        "hitRatio", Json.number(s.hitRatio()),
        "p50Millis", Json.number(s.p50Millis()),
        "p99Millis", Json.number(s.p99Millis()),
        "evictionsPerSecond", Json.number(s.evictionsPerSecond()),
        "heapUsedBytes", Json.number(s.heapUsedBytes()),
        "heapMaxBytes", Json.number(s.heapMaxBytes()),
        "connections", Json.object(connections.toArray(String[]::new)));
  }

  private static List<String> caches(LabelBudget labels) {
    List<LabelBudget.NamedCache> caches = new ArrayList<>(labels.namedCaches());
    caches.sort(Comparator.comparing((LabelBudget.NamedCache c) -> c.id().account())
        .thenComparing(c -> c.id().name()));
    List<String> out = new ArrayList<>(caches.size());
    for (LabelBudget.NamedCache c : caches) {
      CacheActivity a = c.activity();
      long hits = c.meters().hits();
      long misses = c.meters().misses();
      out.add(Json.object(
          "account", Json.string(c.id().account()),
          "cache", Json.string(c.id().name()),
          "entries", Json.number(a.entries()),
          "bytes", Json.number(a.bytes()),
          "hits", Json.number(hits),
          "misses", Json.number(misses),
          "hitRatio", Json.number(hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses)),
          "requests", Json.number(c.meters().requests()),
          "evictions", Json.number(a.evictions()),
          "expirations", Json.number(a.expirations()),
          "subscribers", Json.number(a.subscribers())));
    }
    return out;
  }
}
