package dev.cirrus.server.metrics;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.Requests;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --cache-metrics off}: calls are served as ever but not recorded per cache; the server's
 * own figures (connections, JVM, refusals) are still on {@code /metrics}, and a failure no
 * cache's meters saw, a missing cache included, is counted as the door's refusal.
 */
class CacheMetricsOffTest {
  @RegisterExtension
  static final CirrusServerExtension server = new CirrusServerExtension(b -> b.httpPort(0)
      .metricsPublic(true).cacheMetrics(false));

  @Test
  void noPerCacheSeries_butTheServersOwnFigures() throws Exception {
    String cache = server.newCache();
    server.data().set(SetRequest.newBuilder().setCache(cache)
        .setWrite(Requests.write("k", "v")).build());
    assertTrue(server.data().get(GetRequest.newBuilder().setCache(cache).setKey(bytes("k"))
        .build()).getResult().getFound());
    StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
        () -> server.data().get(GetRequest.newBuilder().setCache("missing").setKey(bytes("k"))
            .build()));
    assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());

    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.server().httpPort() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertFalse(metrics.contains("cirrus_requests_total{"), metrics);
    assertFalse(metrics.contains("cirrus_request_latency_seconds_bucket{"), metrics);
    assertTrue(RefusalMetricsTest.total(metrics, "cirrus_connections",
        Map.of("transport", "grpc")) >= 1, metrics);
    assertTrue(metrics.contains("jvm_memory_used_bytes{"), metrics);
    assertEquals(1, RefusalMetricsTest.total(metrics, "cirrus_refusals_total",
        Map.of("door", "grpc", "status", "NOT_FOUND", "reason", "not_found")), metrics);
  }
}
