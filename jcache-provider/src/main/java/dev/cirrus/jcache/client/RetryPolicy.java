package dev.cirrus.jcache.client;

import java.util.List;
import java.util.Map;

/**
 * The channel's service config: reads (and Touch, which only moves an expiry) are idempotent, so a
 * call that met an unavailable server is tried again within its deadline. Writes are never retried
 * by the channel: a write whose answer was lost may have been applied.
 */
final class RetryPolicy {

  private static final List<String> IDEMPOTENT_DATA_METHODS =
      List.of("Get", "GetBatch", "Contains", "Scan", "Touch");
  private static final List<String> IDEMPOTENT_CONTROL_METHODS =
      List.of("DescribeServer", "DescribeCache", "ListCaches");

  private RetryPolicy() {}

  static Map<String, ?> serviceConfig() {
    List<Map<String, String>> names = new java.util.ArrayList<>();
    IDEMPOTENT_DATA_METHODS.forEach(m -> names.add(Map.of("service", "cirrus.v1.DataPlane", "method", m)));
    IDEMPOTENT_CONTROL_METHODS.forEach(
        m -> names.add(Map.of("service", "cirrus.v1.ControlPlane", "method", m)));
    Map<String, Object> retry = Map.of(
        "maxAttempts", 4.0,
        "initialBackoff", "0.05s",
        "maxBackoff", "0.5s",
        "backoffMultiplier", 2.0,
        "retryableStatusCodes", List.of("UNAVAILABLE"));
    return Map.of("methodConfig", List.of(Map.of("name", names, "retryPolicy", retry)));
  }
}
