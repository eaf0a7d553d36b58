package dev.cirrus.jcache.internal.client;

import dev.cirrus.wire.V1Method;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The channel's service config: the methods {@link V1Method} marks idempotent (reads, and Touch,
 * which only moves an expiry) are tried again within their deadline when they met an unavailable
 * server. Writes are never retried by the channel: a write whose answer was lost may have been
 * applied.
 */
final class RetryPolicy {

  private RetryPolicy() {}

  static Map<String, ?> serviceConfig() {
    List<Map<String, String>> names = Stream.of(V1Method.values())
        .filter(V1Method::idempotent)
        .map(m -> Map.of("service", m.serviceName(), "method", m.bareName()))
        .toList();
    Map<String, Object> retry = Map.of(
        "maxAttempts", 4.0,
        "initialBackoff", "0.05s",
        "maxBackoff", "0.5s",
        "backoffMultiplier", 2.0,
        "retryableStatusCodes", List.of("UNAVAILABLE"));
    return Map.of("methodConfig", List.of(Map.of("name", names, "retryPolicy", retry)));
  }
}
