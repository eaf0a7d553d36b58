package dev.cirrus.server.fastpath;

import static dev.cirrus.server.fastpath.RawDataConnection.frame;
import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SetResponse;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;

/**
 * The data path's wire protocol against a real server: the hello, requests answered with the same
 * messages and refusals as gRPC, and frames that are not the protocol refused without harm to the
 * server.
 */
class DataPathProtocolTest {
  @RegisterExtension
  static final CirrusServerExtension SERVER = new CirrusServerExtension();

  private RawDataConnection connect() throws IOException {
    return new RawDataConnection(SERVER.server().dataPort());
  }

  private RawDataConnection authenticated(String token) throws IOException {
    RawDataConnection connection = connect();
    connection.hello("Bearer " + token, CLIENT_ID);
    assertEquals(Frames.OK, connection.read().kind());
    return connection;
  }

  private static SetRequest set(String cache, String key, String value) {
    return SetRequest.newBuilder().setCache(cache).setWrite(Write.newBuilder()
        .setKey(bytes(key)).setValue(bytes(value))).build();
  }

  @Test
  void describeServer_advertisesTheBoundDataPort_andItsIdleTimeout() {
    DescribeServerResponse description =
        SERVER.control().describeServer(DescribeServerRequest.getDefaultInstance());
    assertTrue(description.getDataPort() > 0);
    assertEquals(SERVER.server().dataPort(), description.getDataPort());
    assertEquals(ServerConfig.DEFAULT_DATA_IDLE_TIMEOUT.toMillis(),
        description.getDataIdleTimeoutMillis(), "clients retire pooled connections by it");
    // In memory the store answers at once: calls may share connections; over Redis a
    // connection's requests would wait for each other's round trips.
    assertEquals(!CirrusServerExtension.onRedis(), description.getDataPathSharedConnections());
  }

  /**
   * Requests written back to back, cut anywhere into the writes that carry them, are run and
   * answered in the order they came: each get sees the set before it. Answers larger than the
   * server holds back to write together are among them, and the client reads only as it goes.
   */
  @Test
  void requestsWrittenBackToBack_areAnsweredInOrder() throws Exception {
    String cache = SERVER.newCache();
    Random random = new Random(17);
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String key = "k" + (i % 7);
      int size = i % 50 == 0 ? 100_000 : 1 + random.nextInt(200);
      String value = (i + ":").repeat(size / 4 + 1);
      requests.write(RawDataConnection.requestFrame(V1Method.SET.number(),
          set(cache, key, value).toByteArray()));
      expected.add(null);
      requests.write(RawDataConnection.requestFrame(V1Method.GET.number(),
          GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build().toByteArray()));
      expected.add(value);
    }
    byte[] all = requests.toByteArray();
    try (RawDataConnection connection = authenticated(SERVER.token(ACCOUNT))) {
      Thread writer = new Thread(() -> {
        try {
          for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, 1 + random.nextInt(40_000));
            connection.write(Arrays.copyOfRange(all, at, at + n));
            at += n;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      writer.start();
      for (int i = 0; i < expected.size(); i++) {
        byte[] answer = RawDataConnection.ok(connection.read());
        if (expected.get(i) == null) {
          assertTrue(SetResponse.parseFrom(answer).hasResult(), "answer " + i);
        } else {
          assertEquals(expected.get(i),
              GetResponse.parseFrom(answer).getResult().getValue().toStringUtf8(), "answer " + i);
        }
      }
      writer.join(10_000);
    }
  }

  @Test
  void setThenGet_answersWithTheDataPlanesMessages() throws IOException {
    String cache = SERVER.newCache();
    try (RawDataConnection connection = authenticated(SERVER.token(ACCOUNT))) {
      connection.request(V1Method.SET.number(), set(cache, "k", "v"));
      Frames.Frame set = connection.read();
      assertEquals(Frames.OK, set.kind());
      assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED,
          SetResponse.parseFrom(set.payload()).getResult().getOutcome());

      connection.request(V1Method.GET.number(),
          GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build());
      Frames.Frame get = connection.read();
      assertEquals(Frames.OK, get.kind());
      assertEquals(bytes("v"), GetResponse.parseFrom(get.payload()).getResult().getValue());
    }
    // The same entry, seen over gRPC.
    assertEquals(bytes("v"), SERVER.data().get(
        GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build()).getResult().getValue());
  }

  @Test
  void getOfMissingCache_isRefusedAsOnGrpc() throws IOException {
    GetRequest request = GetRequest.newBuilder().setCache("no-such-cache").setKey(bytes("k")).build();
    try (RawDataConnection connection = authenticated(SERVER.token(ACCOUNT))) {
      connection.request(V1Method.GET.number(), request);
      assertSameRefusal(() -> SERVER.data().get(request), connection.read());
    }
  }

  @Test
  void malformedMessage_isRefusedAsOnGrpc_andTheConnectionGoesOn() throws IOException {
    String cache = SERVER.newCache();
    try (RawDataConnection connection = authenticated(SERVER.token(ACCOUNT))) {
      connection.request(V1Method.GET.number(), new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01});
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.INVALID_ARGUMENT.value(), refusal.code());
      assertEquals(ErrorReason.INVALID_REQUEST, refusal.detail().getReason());
      assertTrue(refusal.description().contains("cirrus.v1.DataPlane/Get"), refusal.description());

      connection.request(V1Method.SET.number(), set(cache, "k", "v"));
      assertEquals(Frames.OK, connection.read().kind());
    }
  }

  @Test
  void unknownMethod_isRefused_andTheConnectionGoesOn() throws IOException {
    String cache = SERVER.newCache();
    try (RawDataConnection connection = authenticated(SERVER.token(ACCOUNT))) {
      connection.request((byte) 99, new byte[0]);
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.INVALID_ARGUMENT.value(), refusal.code());
      assertTrue(refusal.description().contains("99"), refusal.description());

      connection.request(V1Method.SET.number(), set(cache, "k", "v"));
      assertEquals(Frames.OK, connection.read().kind());
    }
  }

  @Test
  void oversizedFrame_isRefusedAndClosed_andTheServerStaysHealthy() throws IOException {
    try (RawDataConnection connection = authenticated(SERVER.token(ACCOUNT))) {
      connection.write(ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put(Frames.REQUEST).array());
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code());
      assertTrue(refusal.description().contains(Integer.toString(Integer.MAX_VALUE)),
          refusal.description());
      assertEquals(Frames.GOODBYE, connection.read().kind());
      assertNull(connection.read());
    }
    assertStillServes();
  }

  @Test
  void garbageInsteadOfHello_isRefusedAndClosed_andTheServerStaysHealthy() throws IOException {
    try (RawDataConnection connection = connect()) {
      connection.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      // "GET " read as a length is far over the limit.
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code());
      assertEquals(Frames.GOODBYE, connection.read().kind());
      assertNull(connection.read());
    }
    try (RawDataConnection connection = connect()) {
      connection.write(frame(Frames.REQUEST, new byte[] {V1Method.GET.number()}));
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.INVALID_ARGUMENT.value(), refusal.code());
      assertTrue(refusal.description().contains("hello"), refusal.description());
    }
    try (RawDataConnection connection = connect()) {
      connection.write(frame(Frames.HELLO, new byte[] {0, 0, 0, 9}));
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.INVALID_ARGUMENT.value(), refusal.code());
    }
    assertStillServes();
  }

  @Test
  void frameOfLengthZero_isRefusedAsMalformed_beforeAndAfterTheHello() throws IOException {
    try (RawDataConnection before = connect();
        RawDataConnection after = authenticated(SERVER.token(ACCOUNT))) {
      for (RawDataConnection connection : new RawDataConnection[] {before, after}) {
        connection.write(new byte[] {0, 0, 0, 0});
        RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), refusal.code());
        assertTrue(refusal.description().contains("length 0"), refusal.description());
        assertEquals(Frames.GOODBYE, connection.read().kind());
        assertNull(connection.read());
      }
    }
    assertStillServes();
  }

  @Test
  void oversizedHello_isRefusedBeforeAnyAuthentication() throws IOException {
    try (RawDataConnection connection = connect()) {
      connection.write(ByteBuffer.allocate(5).putInt(1 << 20).put(Frames.HELLO).array());
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code());
      assertTrue(refusal.description().contains("limit of " + DataConnection.MAX_HELLO_LENGTH),
          refusal.description());
      assertEquals(Frames.GOODBYE, connection.read().kind());
    }
    assertStillServes();
  }

  @Test
  void helloWithoutToken_isRefusedAsOnGrpc() throws IOException {
    try (RawDataConnection connection = connect()) {
      connection.hello("", CLIENT_ID);
      assertSameRefusal(() -> SERVER.control(null).describeServer(
          DescribeServerRequest.getDefaultInstance()), connection.read());
      assertNull(connection.read());
    }
  }

  @Test
  void helloWithForgedToken_isRefusedAsOnGrpc() throws IOException {
    String token = SERVER.token(ACCOUNT);
    String forged = token.substring(0, token.length() - 4) + "AAAA";
    try (RawDataConnection connection = connect()) {
      connection.hello("Bearer " + forged, CLIENT_ID);
      Frames.Frame answer = connection.read();
      assertSameRefusal(() -> SERVER.control(forged).describeServer(
          DescribeServerRequest.getDefaultInstance()), answer);
      assertEquals(ErrorReason.TOKEN_INVALID, RawDataConnection.refusal(answer).detail().getReason());
    }
  }

  @Test
  void tokenExpiringWhileConnected_refusesTheNextRequestAsOnGrpc() throws IOException {
    String cache = SERVER.newCache();
    String shortLived = SERVER.server().tokens().issue(ACCOUNT, Duration.ofMinutes(1));
    try (RawDataConnection connection = authenticated(shortLived)) {
      connection.request(V1Method.SET.number(), set(cache, "k", "v"));
      assertEquals(Frames.OK, connection.read().kind());

      SERVER.clock().advance(Duration.ofMinutes(2));
      GetRequest get = GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build();
      connection.request(V1Method.GET.number(), get);
      Frames.Frame answer = connection.read();
      assertSameRefusal(() -> SERVER.data(shortLived, CLIENT_ID).get(get), answer);
      assertEquals(ErrorReason.TOKEN_EXPIRED, RawDataConnection.refusal(answer).detail().getReason());
    }
  }

  @Test
  void readOnlyToken_isDeniedWrites() throws IOException {
    String cache = SERVER.newCache();
    String readOnly = SERVER.token(ACCOUNT, Permission.READ);
    try (RawDataConnection connection = authenticated(readOnly)) {
      connection.request(V1Method.SET.number(), set(cache, "k", "v"));
      assertSameRefusal(() -> SERVER.data(readOnly, CLIENT_ID).set(set(cache, "k", "v")),
          connection.read());
    }
  }

  private void assertStillServes() throws IOException {
    String cache = SERVER.newCache();
    try (RawDataConnection connection = authenticated(SERVER.token(ACCOUNT))) {
      connection.request(V1Method.SET.number(), set(cache, "after", "v"));
      assertEquals(Frames.OK, connection.read().kind());
    }
  }

  /** The ERROR frame carries what the same call over gRPC failed with. */
  private static void assertSameRefusal(Executable grpcCall, Frames.Frame answer) throws IOException {
    StatusRuntimeException expected = assertThrows(StatusRuntimeException.class, grpcCall);
    RawDataConnection.Refusal refusal = RawDataConnection.refusal(answer);
    assertEquals(expected.getStatus().getCode().value(), refusal.code());
    assertEquals(expected.getStatus().getDescription(), refusal.description());
    ErrorDetail detail = expected.getTrailers().get(ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance()));
    assertEquals(detail, refusal.detail());
  }
}
