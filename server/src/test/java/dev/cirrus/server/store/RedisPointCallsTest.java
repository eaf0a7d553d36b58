package dev.cirrus.server.store;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.fastpath.RawDataConnection;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.PlainRedis;
import dev.cirrus.server.testing.Requests;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over a store whose calls wait on the network (Redis), point calls never wait on the door's
 * event loops (gRPC and HTTP run them on workers; the data path asks the store from its loop and
 * answers when the store does): while Redis holds every answer back ({@code CLIENT PAUSE}), calls
 * that do not need it are still answered on the same gRPC connection and on the HTTP door, and an
 * account over its bound of calls in progress is refused at once rather than queued, on gRPC and
 * on the data path alike.
 */
class RedisPointCallsTest {
  private static final EmbeddedRedisCluster REDIS = PlainRedis.start();
  private static final int QUEUED_CALLS = 4;
  /** Long enough that a call answered during it was never held behind a waiting one. */
  private static final String PAUSE_MILLIS = "3000";

  @RegisterExtension
  static final CirrusServerExtension server = new CirrusServerExtension(
      b -> b.redisStore(REDIS.target()).httpPort(0).accountQueuedCalls(QUEUED_CALLS));

  private final String cache = server.newCache();

  @AfterAll
  static void stopRedis() {
    REDIS.stop();
  }

  private void pauseRedis() throws Exception {
    REDIS.cli(REDIS.ports().get(0), "CLIENT", "PAUSE", PAUSE_MILLIS, "ALL");
  }

  private GetRequest get(String key) {
    return GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build();
  }

  @Test
  void describeServer_tellsClientsNotToShareDataPathConnections() {
    DescribeServerResponse description =
        server.control().describeServer(DescribeServerRequest.getDefaultInstance());
    assertTrue(description.getDataPort() > 0);
    assertFalse(description.getDataPathSharedConnections(), "over Redis a connection's requests"
        + " wait for each other's round trips: each call should have a connection of its own");
  }

  @Test
  void whileRedisHoldsGetsBack_aCallOnTheSameConnectionIsAnswered() throws Exception {
    Requests.put(server.data(), cache, "k", "v");
    DataPlaneGrpc.DataPlaneFutureStub async = DataPlaneGrpc.newFutureStub(server.channel())
        .withCallCredentials(server.data().getCallOptions().getCredentials());
    pauseRedis();
    List<ListenableFuture<GetResponse>> gets = new ArrayList<>();
    for (int i = 0; i < QUEUED_CALLS - 1; i++) {
      gets.add(async.get(get("k")));
    }

    long start = System.nanoTime();
    String account = server.control().describeServer(DescribeServerRequest.getDefaultInstance())
        .getAccount();
    long describeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertEquals(CirrusServerExtension.ACCOUNT, account);
    assertTrue(gets.stream().noneMatch(ListenableFuture::isDone), "DescribeServer was answered"
        + " only once the gets were (after " + describeMillis + " ms): it waited behind them");
    System.out.printf("DescribeServer behind %d gets waiting on a paused Redis: %d ms%n",
        gets.size(), describeMillis);
    for (ListenableFuture<GetResponse> getCall : gets) {
      assertEquals(bytes("v"), getCall.get(30, TimeUnit.SECONDS).getResult().getValue());
    }
  }

  @Test
  void whileRedisHoldsHttpGetsBack_theHttpDoorStillAnswers() throws Exception {
    Requests.put(server.data(), cache, "k", "v");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI base = URI.create("http://127.0.0.1:" + server.server().httpPort());
    pauseRedis();
    // More connections than the door has event-loop threads (two): each thread has one.
    List<CompletableFuture<HttpResponse<String>>> gets = new ArrayList<>();
    for (int i = 0; i < QUEUED_CALLS - 1; i++) {
      gets.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/cache/" + cache + "?key=k"))
          .header("Authorization", server.defaultToken()).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(300);

    HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, health.statusCode(), health.body());
    assertTrue(gets.stream().noneMatch(CompletableFuture::isDone),
        "/health was answered only once the gets were: it waited behind them");
    for (CompletableFuture<HttpResponse<String>> getCall : gets) {
      HttpResponse<String> response = getCall.get(30, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("v", response.body());
    }
  }

  @Test
  void onTheDataPath_anAccountOverItsCallsInProgress_isRefusedAtOnce_namingTheLimitAndTheFlag()
      throws Exception {
    Requests.put(server.data(), cache, "k", "v");
    List<RawDataConnection> connections = new ArrayList<>();
    try {
      for (int i = 0; i <= QUEUED_CALLS; i++) {
        RawDataConnection connection = new RawDataConnection(server.server().dataPort());
        connections.add(connection);
        connection.hello("Bearer " + server.defaultToken(), CirrusServerExtension.CLIENT_ID);
        assertEquals(Frames.OK, connection.read().kind());
        connection.readTimeout(Duration.ofSeconds(30));
      }
      pauseRedis();
      long pausedAt = System.nanoTime();
      for (int i = 0; i < QUEUED_CALLS; i++) {
        connections.get(i).request(V1Method.GET.number(), get("k"));
      }
      // Connections are read by different loops: let those gets be admitted before the one over.
      Thread.sleep(300);
      RawDataConnection over = connections.get(QUEUED_CALLS);
      over.request(V1Method.GET.number(), get("k"));

      RawDataConnection.Refusal refusal = RawDataConnection.refusal(over.read());
      long refusedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);

      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code());
      assertTrue(refusedMillis < Long.parseLong(PAUSE_MILLIS) - 1_000,
          "the refusal waited for Redis to resume: " + refusedMillis + " ms");
      assertTrue(refusal.description().contains("'" + CirrusServerExtension.ACCOUNT + "'")
          && refusal.description().contains("--account-queued-calls"), refusal.description());
      assertEquals(Integer.toString(QUEUED_CALLS), refusal.detail().getFactsMap().get("limit"));
      for (int i = 0; i < QUEUED_CALLS; i++) {
        Frames.Frame answer = connections.get(i).read();
        assertEquals(Frames.OK, answer.kind());
        assertEquals(bytes("v"), GetResponse.parseFrom(answer.payload()).getResult().getValue());
      }
      // Calls that ended no longer count, and the refused connection serves on.
      over.request(V1Method.GET.number(), get("k"));
      Frames.Frame again = over.read();
      assertEquals(Frames.OK, again.kind());
      assertEquals(bytes("v"), GetResponse.parseFrom(again.payload()).getResult().getValue());
    } finally {
      for (RawDataConnection connection : connections) {
        connection.close();
      }
    }
  }

  @Test
  void anAccountOverItsCallsInProgress_isRefusedAtOnce_namingTheLimitAndTheFlag() throws Exception {
    Requests.put(server.data(), cache, "k", "v");
    DataPlaneGrpc.DataPlaneFutureStub async = DataPlaneGrpc.newFutureStub(server.channel())
        .withCallCredentials(server.data().getCallOptions().getCredentials());
    pauseRedis();
    List<ListenableFuture<GetResponse>> gets = new ArrayList<>();
    for (int i = 0; i < QUEUED_CALLS; i++) {
      gets.add(async.get(get("k")));
    }

    StatusRuntimeException refused =
        assertThrows(StatusRuntimeException.class, () -> server.data().get(get("k")));
    ErrorDetail refusal =
        refused.getTrailers().get(ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance()));

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());

    assertTrue(gets.stream().noneMatch(ListenableFuture::isDone),
        "the refusal waited for Redis to resume");
    assertTrue(refusal.getMessage().contains("'" + CirrusServerExtension.ACCOUNT + "'")
        && refusal.getMessage().contains("--account-queued-calls"), refusal.getMessage());
    assertEquals(Integer.toString(QUEUED_CALLS), refusal.getFactsMap().get("limit"));
    for (ListenableFuture<GetResponse> getCall : gets) {
      assertEquals(bytes("v"), getCall.get(30, TimeUnit.SECONDS).getResult().getValue());
    }
    // Calls that ended no longer count.
    assertFalse(server.data().get(get("k")).getResult().getValue().isEmpty());
  }
}
