package dev.cirrus.server.fastpath;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.auth.CacheScope;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.auth.Revocations;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import dev.cirrus.server.testing.Requests;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a token allows, over raw sockets on the data path: the same rules as on gRPC. */
class DataPathTokenTest {
  @RegisterExtension
  static final CirrusServerExtension SERVER = new CirrusServerExtension();

  private static RawDataConnection authenticated(String token, String clientId) throws IOException {
    RawDataConnection connection = new RawDataConnection(SERVER.server().dataPort());
    connection.hello("Bearer " + token, clientId);
    assertEquals(Frames.OK, connection.read().kind());
    return connection;
  }

  private static RawDataConnection.Refusal refusal(RawDataConnection connection) throws IOException {
    return RawDataConnection.refusal(connection.read());
  }

  @Test
  void readOnlyToken_getWithAccessTtlOrTouch_refused_plainGetServed() throws IOException {
    String cache = SERVER.newCache();
    put(SERVER.data(), cache, "k", "v");
    try (RawDataConnection connection =
        authenticated(SERVER.token(ACCOUNT, Permission.READ), CLIENT_ID)) {
      connection.request(V1Method.GET.number(), GetRequest.newBuilder().setCache(cache)
          .setKey(bytes("k")).setAccessTtl(Requests.ttl(Duration.ZERO)).build());
      RawDataConnection.Refusal get = refusal(connection);
      assertEquals(Status.Code.PERMISSION_DENIED.value(), get.code());
      assertEquals(ErrorReason.PERMISSION_DENIED, get.detail().getReason());
      assertEquals("write", get.detail().getFactsOrThrow("permission"));

      connection.request(V1Method.TOUCH.number(), TouchRequest.newBuilder().setCache(cache)
          .setKey(bytes("k")).setTtl(Requests.ttl(Duration.ofDays(300))).build());
      assertEquals(Status.Code.PERMISSION_DENIED.value(), refusal(connection).code());

      connection.request(V1Method.GET.number(),
          GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build());
      Frames.Frame plain = connection.read();
      assertEquals(Frames.OK, plain.kind());
      assertTrue(GetResponse.parseFrom(plain.payload()).getResult().getFound(),
          "the refused zero TTL must not have expired the entry");
    }
  }

  @Test
  void anotherTokensHelloWithMyClientId_doesNotPassForMe_onMyChangeStream() throws IOException {
    String cache = SERVER.newCache();
    String mine = SERVER.token(ACCOUNT);
    try (EventRecorder events = EventRecorder.subscribe(
            DataPlaneGrpc.newStub(SERVER.channel()).withCallCredentials(new BearerToken(mine, "victim")),
            SubscribeRequest.newBuilder().setCache(cache).build());
        RawDataConnection spoofing = authenticated(SERVER.token(ACCOUNT), "victim");
        RawDataConnection own = authenticated(mine, "victim")) {
      spoofing.request(V1Method.SET.number(), SetRequest.newBuilder().setCache(cache)
          .setWrite(Write.newBuilder().setKey(bytes("spoofed")).setValue(bytes("x"))).build());
      assertEquals(Frames.OK, spoofing.read().kind());
      own.request(V1Method.SET.number(), SetRequest.newBuilder().setCache(cache)
          .setWrite(Write.newBuilder().setKey(bytes("own")).setValue(bytes("y"))).build());
      assertEquals(Frames.OK, own.read().kind());

      assertNotEquals("victim", events.nextChange().getWriterClientId());
      assertEquals("victim", events.nextChange().getWriterClientId());
    }
  }

  @Test
  void revokedToken_itsOpenConnectionIsRefusedWithinSeconds_andANewHelloToo() throws Exception {
    String cache = SERVER.newCache();
    TokenIssuer.Issued issued = SERVER.server().tokens()
        .issueWithId(ACCOUNT, Duration.ofDays(1), EnumSet.allOf(Permission.class), CacheScope.ALL);
    GetRequest get = GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build();
    try (RawDataConnection connection = authenticated(issued.token(), CLIENT_ID)) {
      connection.request(V1Method.GET.number(), get);
      assertEquals(Frames.OK, connection.read().kind());

      Revocations.revoke(SERVER.dataDir(), issued.id(), Revocations.DEFAULT_MAX, Clock.systemUTC());

      long deadline = System.nanoTime() + 5_000_000_000L;
      Frames.Frame answer;
      do {
        Thread.sleep(100);
        connection.request(V1Method.GET.number(), get);
        answer = connection.read();
      } while (answer.kind() == Frames.OK && System.nanoTime() < deadline);
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(answer);
      assertEquals(Status.Code.UNAUTHENTICATED.value(), refusal.code());
      assertEquals(ErrorReason.TOKEN_INVALID, refusal.detail().getReason());
      assertTrue(refusal.description().contains("revoked"), refusal.description());
    }
    try (RawDataConnection connection = new RawDataConnection(SERVER.server().dataPort())) {
      connection.hello("Bearer " + issued.token(), CLIENT_ID);
      assertEquals(Status.Code.UNAUTHENTICATED.value(), refusal(connection).code());
    }
  }
}
