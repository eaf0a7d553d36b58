package dev.cirrus.server.store;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.fastpath.RawDataConnection;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.PlainRedis;
import dev.cirrus.server.testing.Requests;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data path calls on a Redis that fails end with UNAVAILABLE naming the store, never a connection
 * left waiting: calls Redis had taken when it died (which the Redis client keeps to send again
 * once it reconnects) and calls made while it is gone end once the store's command timeout (10 s)
 * is up. The connection serves on after each.
 */
class RedisDownDataPathTest {
  private static final EmbeddedRedisCluster REDIS = PlainRedis.start();
  /** The store's command timeout and some room for a loaded machine. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.redisStore(REDIS.target()));

  @AfterAll
  static void stopRedis() {
    REDIS.stop();
  }

  @Test
  void callsOnAKilledRedis_endWithUnavailable_namingTheStore() throws Exception {
    String cache = server.newCache();
    Requests.put(server.data(), cache, "k", "v");
    List<RawDataConnection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        RawDataConnection connection = new RawDataConnection(server.server().dataPort());
        connections.add(connection);
        connection.hello("Bearer " + server.defaultToken(), CirrusServerExtension.CLIENT_ID);
        assertEquals(Frames.OK, connection.read().kind());
        connection.readTimeout(BOUND);
      }
      int port = REDIS.ports().get(0);
      // Calls Redis has taken but not answered when it dies.
      REDIS.cli(port, "CLIENT", "PAUSE", "30000", "ALL");
      connections.get(0).request(V1Method.GET.number(), get(cache));
      connections.get(1).request(V1Method.SET.number(), SetRequest.newBuilder().setCache(cache)
          .setWrite(Requests.write("k", "w")).build());
      Thread.sleep(300);
      REDIS.kill(port);

      long killedAt = System.nanoTime();
      unavailable(connections.get(0));
      unavailable(connections.get(1));
      long inFlightMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      System.out.printf("calls in flight on a killed Redis failed after %d ms%n", inFlightMillis);
      assertTrue(inFlightMillis < BOUND.toMillis(), inFlightMillis + " ms");

      // Calls made while it is gone: two at once, on a fresh connection and on a failed one.
      long sentAt = System.nanoTime();
      connections.get(2).request(V1Method.GET.number(), get(cache));
      connections.get(0).request(V1Method.GET.number(), get(cache));
      String description = unavailable(connections.get(2));
      unavailable(connections.get(0));
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
      System.out.printf("calls on a Redis that is gone failed after %d ms: %s%n", waitedMillis,
          description);
      assertTrue(waitedMillis < BOUND.toMillis(), waitedMillis + " ms");
    } finally {
      for (RawDataConnection connection : connections) {
        connection.close();
      }
    }
  }

  private static GetRequest get(String cache) {
    return GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build();
  }

  /** Reads the connection's answer: an UNAVAILABLE that names the store; its description. */
  private static String unavailable(RawDataConnection connection) throws IOException {
    Frames.Frame frame = connection.read();
    assertNotNull(frame, "the server closed the connection instead of answering");
    RawDataConnection.Refusal refusal = RawDataConnection.refusal(frame);
    assertEquals(Status.Code.UNAVAILABLE.value(), refusal.code(), refusal.description());
    assertTrue(refusal.description().contains("Redis at")
        && refusal.description().contains("retry when the store is back"), refusal.description());
    return refusal.description();
  }
}
