package dev.cirrus.server.fastpath;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --account-rate-limit} on the data path: the same account-wide rate as on gRPC. */
class DataPathRateLimitTest {
  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.accountRateLimit(3));

  @Test
  void requestsOverTheAccountsRate_refusedOnTheConnection_whichStaysUsable() throws IOException {
    String token = server.token("busy");
    server.control(token).createCache(CreateCacheRequest.newBuilder().setName("c").build());
    server.clock().advance(Duration.ofSeconds(1));
    GetRequest get = GetRequest.newBuilder().setCache("c").setKey(bytes("k")).build();
    try (RawDataConnection connection = new RawDataConnection(server.server().dataPort())) {
      connection.hello("Bearer " + token, "client");
      assertEquals(Frames.OK, connection.read().kind());
      for (int i = 0; i < 3; i++) {
        connection.request(V1Method.GET.number(), get);
        assertEquals(Frames.OK, connection.read().kind());
      }
      connection.request(V1Method.GET.number(), get);
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code());
      assertTrue(refusal.description().contains("--account-rate-limit"), refusal.description());

      server.clock().advance(Duration.ofSeconds(1));
      connection.request(V1Method.GET.number(), get);
      assertEquals(Frames.OK, connection.read().kind());
    }
  }
}
