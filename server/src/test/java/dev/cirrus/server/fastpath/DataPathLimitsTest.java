package dev.cirrus.server.fastpath;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each of the data path's {@link DataPathLimits}, set low on a real server: a client over a bound
 * is answered RESOURCE_EXHAUSTED naming the flag that sets it, the counts go back to zero when the
 * clients leave, and clients within the bounds are served throughout.
 */
class DataPathLimitsTest {
  private static final Duration WITHIN = Duration.ofSeconds(5);

  private final List<RawDataConnection> connections = new ArrayList<>();
  private Path dataDir;
  private CirrusServer server;

  private void start(UnaryOperator<DataPathLimits> limits) throws IOException {
    dataDir = Files.createTempDirectory("cirrus-data-limits-");
    server = CirrusServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
        .dataPathLimits(limits.apply(DataPathLimits.defaults())).build());
  }

  @AfterEach
  void stop() throws IOException {
    for (RawDataConnection connection : connections) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  private RawDataConnection connect() throws IOException {
    RawDataConnection connection = new RawDataConnection(server.dataPort());
    connections.add(connection);
    return connection;
  }

  private RawDataConnection authenticated(String account) throws IOException {
    RawDataConnection connection = connect();
    connection.hello("Bearer " + server.tokens().issue(account, Duration.ofHours(1)), "client");
    assertEquals(Frames.OK, connection.read().kind());
    return connection;
  }

  /** The refusal the connection reads next, of RESOURCE_EXHAUSTED naming {@code flag}. */
  private static RawDataConnection.Refusal assertRefused(RawDataConnection connection, String flag)
      throws IOException {
    RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code(), refusal.description());
    assertTrue(refusal.description().contains(flag), refusal.description());
    assertEquals(Frames.GOODBYE, connection.read().kind());
    assertNull(connection.read());
    return refusal;
  }

  /** A set of a {@code valueBytes} value, into a cache of account "acme", is answered OK. */
  private void assertServes(RawDataConnection connection, int valueBytes) throws Exception {
    String cache = "c" + System.nanoTime();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      ControlPlaneGrpc.newBlockingStub(channel)
          .withCallCredentials(new BearerToken(server.tokens().issue("acme", Duration.ofHours(1)),
              "client"))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    connection.request(V1Method.SET.number(), SetRequest.newBuilder().setCache(cache)
        .setWrite(Write.newBuilder().setKey(bytes("k")).setValue(
            com.google.protobuf.ByteString.copyFrom(new byte[valueBytes]))).build());
    Frames.Frame answer = connection.read();
    assertEquals(Frames.OK, answer.kind(), () -> answer.kind() == Frames.ERROR
        ? "refused: " + refusalText(answer) : "kind " + answer.kind());
  }

  private static String refusalText(Frames.Frame frame) {
    try {
      return RawDataConnection.refusal(frame).description();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WITHIN + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  private void assertCountsBackToZero() throws Exception {
    for (RawDataConnection connection : connections) {
      connection.close();
    }
    await(() -> server.dataPathStats().openConnections() == 0, "connections closed");
    DataPathStats stats = server.dataPathStats();
    assertEquals(0, stats.unauthenticatedConnections());
    assertEquals(0, stats.bytesInFlight());
  }

  @Test
  void framesBarelySent_holdAtMostTwiceWhatArrived_inTheCountOfBytesInFlight() throws Exception {
    start(UnaryOperator.identity());
    int frame = Limits.defaults().maxInboundMessageBytes() + 2;
    int sent = 64 * 1024;
    for (int i = 0; i < 32; i++) {
      authenticated("acme").write(
          ByteBuffer.allocate(5 + sent).putInt(frame).put(Frames.REQUEST).array());
    }
    // Read in full: each frame's bytes beyond its first GROWTH_START are in counted arrays.
    await(() -> server.dataPathStats().bytesInFlight() >= 32L * (sent - Frames.GROWTH_START),
        "frames read");
    long held = server.dataPathStats().bytesInFlight();
    assertTrue(held <= 2L * 32 * sent, held + " bytes held for " + 32L * sent + " arrived");
    assertCountsBackToZero();
  }

  @Test
  void frameOverTheBytesInFlight_isRefusedNamingTheFlag_andSmallerOnesAreServed() throws Exception {
    start(limits -> limits.withMaxBytesInFlight(1 << 20));
    RawDataConnection connection = authenticated("acme");
    int length = 2 << 20;
    connection.write(ByteBuffer.allocate(4 + length).putInt(length).put(Frames.REQUEST).array());
    RawDataConnection.Refusal refusal = assertRefused(connection, "--data-max-bytes-in-flight");
    assertTrue(refusal.description().contains("frame of " + length + " bytes"),
        refusal.description());
    assertEquals(1, server.dataPathStats().refusedFrames());
    await(() -> server.dataPathStats().bytesInFlight() == 0, "bytes given back");

    assertServes(authenticated("acme"), 512 * 1024);
    assertEquals(0, server.dataPathStats().bytesInFlight());
    assertCountsBackToZero();
  }

  @Test
  void silentConnections_takeOnlyTheirOwnBudget_untilTheHelloTimeout() throws Exception {
    start(limits -> limits.withMaxConnections(4).withMaxUnauthenticated(2)
        .withHelloTimeout(Duration.ofMillis(300)));
    RawDataConnection first = authenticated("acme");
    RawDataConnection second = authenticated("acme");
    RawDataConnection silent1 = connect();
    RawDataConnection silent2 = connect();
    await(() -> server.dataPathStats().unauthenticatedConnections() == 2, "silent ones counted");
    assertRefused(connect(), "--data-max-unauthenticated");

    // Dropped at the hello timeout, not at the idle timeout (5 minutes).
    assertNull(silent1.read());
    assertNull(silent2.read());
    await(() -> server.dataPathStats().unauthenticatedConnections() == 0, "silent ones dropped");

    // The silent ones never took an authenticated slot: all four are there for clients.
    authenticated("acme");
    authenticated("acme");
    RawDataConnection fifth = connect();
    fifth.hello("Bearer " + server.tokens().issue("acme", Duration.ofHours(1)), "client");
    assertRefused(fifth, "--data-max-connections");
    assertServes(first, 10);
    assertServes(second, 10);
    assertTrue(server.dataPathStats().refusedConnections() >= 2);
    assertCountsBackToZero();
  }

  @Test
  void connectionsFromOneAddress_areBounded_andTheirPlacesComeBack() throws Exception {
    start(limits -> limits.withMaxConnectionsPerAddress(3));
    RawDataConnection served = authenticated("acme");
    RawDataConnection silent = connect();
    authenticated("acme");
    RawDataConnection.Refusal refusal = assertRefused(connect(), "--data-max-connections-per-address");
    assertTrue(refusal.description().contains("127.0.0.1"), refusal.description());

    silent.close();
    await(() -> server.dataPathStats().openConnections() == 2, "the silent one gone");
    assertServes(authenticated("acme"), 10);
    assertServes(served, 10);
    assertCountsBackToZero();
  }

  @Test
  void connectionsOfOneAccount_areBounded_andOtherAccountsAreServed() throws Exception {
    start(limits -> limits.withMaxConnectionsPerAccount(2));
    authenticated("acme");
    RawDataConnection served = authenticated("acme");
    RawDataConnection third = connect();
    third.hello("Bearer " + server.tokens().issue("acme", Duration.ofHours(1)), "client");
    RawDataConnection.Refusal refusal = assertRefused(third, "--data-max-connections-per-account");
    assertTrue(refusal.description().contains("'acme'"), refusal.description());

    RawDataConnection other = authenticated("other");
    other.request(V1Method.GET.number(), GetRequest.newBuilder().setCache("none")
        .setKey(bytes("k")).build());
    // Served: refused only for the cache it names, which account "other" does not have.
    assertEquals(Status.Code.NOT_FOUND.value(), RawDataConnection.refusal(other.read()).code());
    assertServes(served, 10);
    assertCountsBackToZero();
  }
}
