package dev.cirrus.jcache.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.Removal;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's data calls over the server's binary data path, against real servers on loopback:
 * every data operation, refusals with the same messages as over gRPC, gRPC when the server offers
 * no data path or the client is told to use gRPC, and recovery when the server restarts under
 * pooled connections.
 */
class DataPathTest {
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final MutableClock clock = new MutableClock();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private CirrusServer server(UnaryOperator<ServerConfig.Builder> customizer) throws IOException {
    Path dataDir = Files.createTempDirectory("cirrus-data-path");
    CirrusServer server = CirrusServer.start(customizer.apply(
        ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).clock(clock)).build());
    resources.add(server);
    return server;
  }

  /** A fixed port and data dir, so a second server started with it is the first one restarted. */
  private ServerConfig restartableConfig() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    return ServerConfig.builder().host("127.0.0.1").port(port)
        .dataDir(Files.createTempDirectory("cirrus-data-path-restart")).clock(clock).build();
  }

  /** Starts the server of a {@link #restartableConfig} again: the same ports and data dir. */
  private void restart(ServerConfig config) throws IOException {
    resources.add(CirrusServer.start(config));
  }

  /** A server to close and start again, and a data path client whose cache "c" holds k = v. */
  private record Restartable(ServerConfig config, CirrusServer first, CirrusClient client) {}

  private Restartable restartableWithAnEntry(String account) throws IOException {
    ServerConfig config = restartableConfig();
    CirrusServer first = CirrusServer.start(config);
    CirrusClient client = client(first, first.tokens().issue(account, Duration.ofHours(1)),
        DataPathMode.AUTO);
    client.createCache("c", ByteString.EMPTY, false);
    client.set(put("c", "k", "v"));
    return new Restartable(config, first, client);
  }

  private CirrusClient client(CirrusServer server, String token, DataPathMode mode) {
    ClientSettings settings = new ClientSettings(Endpoint.parse(server.endpoint()), token,
        Duration.ofSeconds(5), Duration.ofSeconds(3), "client-" + UUID.randomUUID(), null, mode);
    CirrusClient client = CirrusClient.connect(settings);
    resources.add(client);
    return client;
  }

  /** Two clients of one account: one on the data path where offered, one on gRPC only. */
  private record Clients(CirrusClient fast, CirrusClient grpc) {}

  private Clients fastAndGrpc(CirrusServer server) {
    String token = token(server);
    return new Clients(client(server, token, DataPathMode.AUTO),
        client(server, token, DataPathMode.GRPC));
  }

  private static String token(CirrusServer server) {
    return server.tokens().issue("acct-" + UUID.randomUUID().toString().substring(0, 8),
        Duration.ofHours(1));
  }

  private static ByteString bytes(String text) {
    return ByteString.copyFrom(text, StandardCharsets.UTF_8);
  }

  private static SetRequest put(String cache, String key, String value) {
    return SetRequest.newBuilder().setCache(cache)
        .setWrite(Write.newBuilder().setKey(bytes(key)).setValue(bytes(value))).build();
  }

  private static GetRequest get(String cache, String key) {
    return GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build();
  }

  @Test
  void dataCalls_goByTheDataPath_withTheSameAnswers() throws IOException {
    CirrusServer server = server(UnaryOperator.identity());
    CirrusClient client = client(server, token(server), DataPathMode.AUTO);
    assertEquals(server.dataPort(), client.describeServer().getDataPort());
    client.createCache("c", ByteString.EMPTY, false);

    assertTrue(client.usesDataPath());
    assertEquals(WriteOutcome.Effect.CREATED, client.set(put("c", "a", "1")).effect());
    assertEquals(bytes("1"), client.get(get("c", "a")).value());
    assertEquals(2, client.setBatch(SetBatchRequest.newBuilder().setCache("c")
        .addWrites(put("c", "b", "2").getWrite()).addWrites(put("c", "x", "3").getWrite())
        .build()).size());
    List<ReadOutcome> batch = client.getBatch(GetBatchRequest.newBuilder().setCache("c")
        .addKeys(bytes("a")).addKeys(bytes("b")).addKeys(bytes("none")).build());
    assertEquals(List.of(true, true, false), batch.stream().map(ReadOutcome::found).toList());
    assertTrue(client.contains(ContainsRequest.newBuilder().setCache("c").setKey(bytes("b")).build())
        .getFound());
    assertTrue(client.touch(TouchRequest.newBuilder().setCache("c").setKey(bytes("b")).build()));
    assertEquals(3, client.scan(ScanRequest.newBuilder().setCache("c").setLimit(10).build())
        .getEntriesCount());
    assertTrue(client.delete(DeleteRequest.newBuilder().setCache("c")
        .setRemoval(Removal.newBuilder().setKey(bytes("a"))).build()).getRemoved());
    assertEquals(1, client.deleteBatch(DeleteBatchRequest.newBuilder().setCache("c")
        .addRemovals(Removal.newBuilder().setKey(bytes("b"))).build()).stream()
        .filter(r -> r.getRemoved()).count());
    assertEquals(1, client.clear("c"));
    assertFalse(client.get(get("c", "x")).found());
    assertTrue(client.usesDataPath());
  }

  @Test
  void writesMadeFromRecords_answerAlikeByTheDataPathAndOverGrpc() throws IOException {
    CirrusServer server = server(UnaryOperator.identity());
    Clients clients = fastAndGrpc(server);
    long before = server.dataPathStats().requests();
    List<List<WriteOutcome>> answers = new ArrayList<>();
    for (CirrusClient client : List.of(clients.fast(), clients.grpc())) {
      String cache = client.usesDataPath() ? "fast" : "grpc";
      client.createCache(cache, ByteString.EMPTY, false);
      List<WriteOutcome> outcomes = new ArrayList<>();
      outcomes.add(client.set(cache, EntryWrite.of(bytes("a"), bytes("1"),
          EntryWrite.Condition.ALWAYS, Ttl.ofMillis(60_000), null, true)));
      outcomes.addAll(client.setBatch(cache, List.of(
          EntryWrite.of(bytes("a"), bytes("2"), EntryWrite.Condition.IF_ABSENT, null, null, true),
          new EntryWrite(bytes("b"), bytes("3"), EntryWrite.Condition.VERSION_EQUALS, null, 0,
              null, null, null, false),
          EntryWrite.of(bytes("c"), bytes("4"), EntryWrite.Condition.IF_ABSENT, null, null,
              false))));
      outcomes.addAll(client.setBatch(cache, List.of(bytes("a"), bytes("c"), bytes("d")),
          List.of(bytes("5"), bytes("6"), bytes("7")),
          EntryWrite.of(null, null, EntryWrite.Condition.ALWAYS, null, Ttl.UNCHANGED, true)));
      assertEquals(bytes("5"), client.get(get(cache, "a")).value());
      assertEquals(bytes("7"), client.get(get(cache, "d")).value());
      assertFalse(client.get(get(cache, "b")).found());
      answers.add(outcomes.stream().map(o -> new WriteOutcome(o.effect(), 0, o.hadPrevious(),
          o.previousValue(), o.expiredOnWrite(), o.expiredValue(), 0)).toList());
    }
    assertEquals(List.of(WriteOutcome.Effect.CREATED, WriteOutcome.Effect.NOT_APPLIED,
        WriteOutcome.Effect.NOT_APPLIED, WriteOutcome.Effect.CREATED, WriteOutcome.Effect.UPDATED,
        WriteOutcome.Effect.UPDATED, WriteOutcome.Effect.CREATED),
        answers.get(0).stream().map(WriteOutcome::effect).toList());
    assertEquals(List.of(bytes("1"), bytes("4")), List.of(answers.get(0).get(1).previousValue(),
        answers.get(0).get(5).previousValue()));
    assertEquals(answers.get(0), answers.get(1), "the same answers over gRPC");
    assertEquals(before + 7, server.dataPathStats().requests(),
        "fast: a createCache, 3 writes and 3 gets");
  }

  @Test
  void cachesCreatedDescribedAndDeleted_goByTheDataPath_andAnswerAsOverGrpc() throws IOException {
    CirrusServer server = server(UnaryOperator.identity());
    Clients clients = fastAndGrpc(server);
    CirrusClient fast = clients.fast();
    CirrusClient grpc = clients.grpc();
    assertTrue(fast.describeServer().getDataPathControl());
    assertTrue(fast.usesDataPath());
    long before = server.dataPathStats().requests();

    ByteString config = bytes("config");
    assertEquals(new CacheDescription("c", config, 0), fast.createCache("c", config, false));
    assertEquals(new CacheDescription("c", config, 0), fast.createCache("c", bytes("x"), true),
        "if absent: the cache there is described");
    CacheException againFast =
        assertThrows(CacheException.class, () -> fast.createCache("c", config, false));
    assertEquals(Optional.of(new CacheDescription("c", config, 0)), fast.describeCache("c"));
    assertEquals(Optional.empty(), fast.describeCache("none"));
    assertTrue(fast.deleteCache("c"));
    assertFalse(fast.deleteCache("c"));
    assertEquals(before + 7, server.dataPathStats().requests(), "each call one data path request");

    grpc.createCache("c", config, false);
    CacheException againGrpc =
        assertThrows(CacheException.class, () -> grpc.createCache("c", config, false));
    assertEquals(againGrpc.getMessage(), againFast.getMessage());
    assertEquals(Optional.empty(), grpc.describeCache("none"));
    assertTrue(grpc.deleteCache("c"));
    assertEquals(before + 7, server.dataPathStats().requests(), "gRPC mode sends none by it");
  }

  @Test
  void aServerThatDoesNotCarryControlCallsOnItsDataPath_getsThemOverGrpc() throws IOException {
    CirrusServer server = server(UnaryOperator.identity());
    CirrusClient client = client(server, token(server), DataPathMode.AUTO);
    DescribeServerResponse withoutControl =
        client.describeServer().toBuilder().setDataPathControl(false).build();
    List<V1Method> overGrpc = new ArrayList<>();
    DataPath recording = new DataPath() {
      @Override
      public <R> R call(V1Method method, com.google.protobuf.MessageLite request) {
        overGrpc.add(method);
        return null;
      }
    };
    try (DataPaths paths = new DataPaths(recording, Endpoint.parse(server.endpoint()),
        client.settings(), null, () -> withoutControl)) {
      long before = server.dataPathStats().requests();
      paths.runControl(path -> path.call(V1Method.DESCRIBE_CACHE,
          DescribeCacheRequest.newBuilder().setName("c").build()));
      assertEquals(List.of(V1Method.DESCRIBE_CACHE), overGrpc);
      assertTrue(paths.usesFastPath(), "data calls still go by the data path");
      assertEquals(before, server.dataPathStats().requests());
    }
  }

  @Test
  void missingCache_failsAsOverGrpc() throws IOException {
    CirrusServer server = server(UnaryOperator.identity());
    Clients clients = fastAndGrpc(server);
    CirrusClient fast = clients.fast();
    CirrusClient grpc = clients.grpc();
    CacheException overFast = assertThrows(CacheException.class, () -> fast.get(get("nope", "k")));
    CacheException overGrpc = assertThrows(CacheException.class, () -> grpc.get(get("nope", "k")));
    assertTrue(fast.usesDataPath());
    assertFalse(grpc.usesDataPath());
    assertTrue(CirrusClient.isCacheNotFound(overFast));
    assertEquals(overGrpc.getMessage(), overFast.getMessage());
  }

  @Test
  void refusedTokens_failAsOverGrpc() throws IOException {
    CirrusServer server = server(UnaryOperator.identity());
    String good = token(server);
    String forged = good.substring(0, good.length() - 4) + "AAAA";
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.dataPort());
    for (String token : new String[] {null, forged}) {
      CirrusClient grpc = client(server, token, DataPathMode.GRPC);
      ClientSettings settings = grpc.settings();
      try (FastDataPath fast = new FastDataPath(address, settings, null, Duration.ZERO)) {
        StatusRuntimeException overFast =
            assertThrows(StatusRuntimeException.class, () -> fast.get(get("c", "k")));
        CacheException overGrpc = assertThrows(CacheException.class, () -> grpc.get(get("c", "k")));
        StatusRuntimeException grpcStatus = (StatusRuntimeException) overGrpc.getCause();
        assertEquals(Status.Code.UNAUTHENTICATED, overFast.getStatus().getCode());
        assertEquals(grpcStatus.getStatus().getDescription(), overFast.getStatus().getDescription());
        assertEquals(ErrorTranslator.reasonOf(grpcStatus), ErrorTranslator.reasonOf(overFast));
      }
    }
  }

  @Test
  void tokenExpiringUnderAPooledConnection_failsAsOverGrpc() throws IOException {
    CirrusServer server = server(UnaryOperator.identity());
    String token = server.tokens().issue("expiring", Duration.ofMinutes(1));
    CirrusClient fast = client(server, token, DataPathMode.AUTO);
    CirrusClient grpc = client(server, token, DataPathMode.GRPC);
    fast.createCache("c", ByteString.EMPTY, false);
    fast.set(put("c", "k", "v"));
    assertTrue(fast.usesDataPath());

    clock.advance(Duration.ofMinutes(2));
    CacheException overFast = assertThrows(CacheException.class, () -> fast.get(get("c", "k")));
    CacheException overGrpc = assertThrows(CacheException.class, () -> grpc.get(get("c", "k")));
    assertEquals(ErrorReason.TOKEN_EXPIRED,
        ErrorTranslator.reasonOf((StatusRuntimeException) overFast.getCause()));
    assertEquals(overGrpc.getMessage(), overFast.getMessage());
  }

  @Test
  void serverWithoutDataPath_isServedOverGrpc() throws IOException {
    CirrusServer server = server(b -> b.dataPort(ServerConfig.DATA_PORT_OFF));
    assertEquals(0, server.dataPort());
    CirrusClient client = client(server, token(server), DataPathMode.AUTO);
    client.createCache("c", ByteString.EMPTY, false);
    client.set(put("c", "k", "v"));
    assertEquals(bytes("v"), client.get(get("c", "k")).value());
    assertFalse(client.usesDataPath());
  }

  @Test
  void grpcMode_neverUsesTheDataPath() throws IOException {
    CirrusServer server = server(UnaryOperator.identity());
    CirrusClient client = client(server, token(server), DataPathMode.GRPC);
    client.createCache("c", ByteString.EMPTY, false);
    client.set(put("c", "k", "v"));
    assertEquals(bytes("v"), client.get(get("c", "k")).value());
    assertFalse(client.usesDataPath());
  }

  @Test
  void serverRestartUnderPooledConnections_callsRecover() throws Exception {
    ServerConfig config = restartableConfig();
    CirrusServer first = CirrusServer.start(config);
    String token = first.tokens().issue("restart", Duration.ofHours(1));
    CirrusClient client = client(first, token, DataPathMode.AUTO);
    client.createCache("c", ByteString.EMPTY, false);
    // Several threads at once, so several connections are pooled.
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int n = t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 50; i++) {
          client.set(put("c", "k" + n + "-" + i, "v"));
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertTrue(client.usesDataPath());
    first.close();

    restart(config);
    // The new server has no caches: a write on a pooled connection is told GOODBYE, sent again on a
    // new connection, and refused as a missing cache, not as an I/O failure.
    CacheException missing = assertThrows(CacheException.class, () -> client.set(put("c", "k", "v")));
    assertTrue(CirrusClient.isCacheNotFound(missing), missing.getMessage());
    client.createCache("c", ByteString.EMPTY, false);
    assertEquals(WriteOutcome.Effect.CREATED, client.set(put("c", "k", "v")).effect());
    assertEquals(bytes("v"), client.get(get("c", "k")).value());
    assertTrue(client.usesDataPath());
  }

  /**
   * Eight threads on two connections while the server closes: the calls written behind the one
   * the server answers last are told GOODBYE with it, so every call ends (answered, or failing
   * as the server is gone), none waits for an answer that will not come, and the client works
   * on the restarted server.
   */
  @Test
  void serverClosingUnderSharedConnections_endsEveryCall_thenRecovers() throws Exception {
    ServerConfig config = restartableConfig();
    CirrusServer first = CirrusServer.start(config);
    String token = first.tokens().issue("shared", Duration.ofHours(1));
    CirrusClient client = CirrusClient.connect(new ClientSettings(
        List.of(Endpoint.parse(first.endpoint())), token, Duration.ofSeconds(5),
        Duration.ofSeconds(3), "client-" + UUID.randomUUID(), null, DataPathMode.AUTO, 2));
    resources.add(client);
    client.createCache("c", ByteString.EMPTY, false);
    AtomicInteger answered = new AtomicInteger();
    AtomicReference<Throwable> unexpected = new AtomicReference<>();
    CountDownLatch running = new CountDownLatch(8 * 20);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int n = t;
      Thread thread = new Thread(() -> {
        // Until the first failure: the server is gone then, and the next calls would each wait
        // for the client to find that out again.
        for (int i = 0; ; i++) {
          try {
            client.set(put("c", "k" + n, "v" + i));
            answered.incrementAndGet();
          } catch (CacheException e) {
            return;
          } catch (Throwable e) {
            unexpected.compareAndSet(null, e);
            return;
          } finally {
            running.countDown();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    assertTrue(running.await(30, TimeUnit.SECONDS));
    first.close();
    for (Thread thread : threads) {
      // A call's deadline is 5 s; one that hung would wait for an answer for good.
      thread.join(30_000);
      assertFalse(thread.isAlive(), "a call never ended after the server closed");
    }
    assertNull(unexpected.get());
    assertTrue(answered.get() >= 8 * 20, answered + " calls answered");

    restart(config);
    client.createCache("c", ByteString.EMPTY, false);
    assertEquals(WriteOutcome.Effect.CREATED, client.set(put("c", "k", "v")).effect());
    assertEquals(bytes("v"), client.get(get("c", "k")).value());
    assertTrue(client.usesDataPath());
  }

  @Test
  void serverGoneAndBack_failsNamingTheServer_thenRecovers() throws Exception {
    Restartable server = restartableWithAnEntry("gone");
    CirrusServer first = server.first();
    CirrusClient client = server.client();
    first.close();

    long start = System.nanoTime();
    CacheException down = assertThrows(CacheException.class, () -> client.get(get("c", "k")));
    assertTrue(down.getMessage().contains(first.endpoint()), down.getMessage());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5_000, "failed after " + millis + " ms, beyond the 5 s call deadline");

    restart(server.config());
    client.createCache("c", ByteString.EMPTY, false);
    client.set(put("c", "k", "again"));
    assertEquals(bytes("again"), client.get(get("c", "k")).value());
  }

  /**
   * While the server is down, the client asks it for its data path (DescribeServer) and is
   * refused; the channel that asked must not keep failing calls with that refusal once the server
   * is back (a channel backs off for up to minutes after a failed connection).
   */
  @Test
  void refusedWhileTheServerWasDown_noCallFailsOnceItIsBack() throws Exception {
    Restartable server = restartableWithAnEntry("back");
    CirrusClient client = server.client();
    server.first().close();
    assertThrows(CacheException.class, () -> client.set(put("c", "k", "gone")));
    assertFalse(client.usesDataPath());

    restart(server.config());
    client.createCache("c", ByteString.EMPTY, false);
    // Calls go round the client's channels: each of them is used.
    for (int i = 0; i < 6; i++) {
      assertEquals(i == 0 ? WriteOutcome.Effect.CREATED : WriteOutcome.Effect.UPDATED,
          client.set(put("c", "k", "back" + i)).effect());
    }
    assertEquals(bytes("back5"), client.get(get("c", "k")).value());
    // The calls gRPC carried showed the server back: the data path was asked for again.
    assertTrue(client.usesDataPath());
  }

  @Test
  void connectionsTheServerClosedForIdleness_areReplacedUnseen_writesIncluded() throws Exception {
    CirrusServer server = server(b -> b.dataIdleTimeout(Duration.ofMillis(300)));
    CirrusClient client = client(server, token(server), DataPathMode.AUTO);
    client.createCache("c", ByteString.EMPTY, false);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int n = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 20; i++) {
          client.set(put("c", "k" + n + "-" + i, "v"));
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    long idleClosed = server.dataPathStats().idleClosed();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.dataPathStats().openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, server.dataPathStats().openConnections());
    assertTrue(server.dataPathStats().idleClosed() > idleClosed);

    // A write is not idempotent, so it must never meet a closed connection: the pool drops those.
    long requests = server.dataPathStats().requests();
    assertEquals(WriteOutcome.Effect.UPDATED, client.set(put("c", "k0-0", "again")).effect());
    assertEquals(bytes("again"), client.get(get("c", "k0-0")).value());
    assertEquals(requests + 2, server.dataPathStats().requests());
    assertTrue(client.usesDataPath());
  }

  @Test
  void pooledConnectionsUnusedForHalfTheServersIdleTimeout_areRetiredByTheClient() throws Exception {
    CirrusServer server = server(b -> b.dataIdleTimeout(Duration.ofSeconds(3)));
    CirrusClient client = client(server, token(server), DataPathMode.AUTO);
    client.createCache("c", ByteString.EMPTY, false);
    client.set(put("c", "k", "v"));
    assertTrue(client.usesDataPath());
    long accepted = server.dataPathStats().acceptedConnections();

    client.get(get("c", "k"));
    assertEquals(accepted, server.dataPathStats().acceptedConnections(), "a hot connection is reused");

    // Past half the advertised 3 s, well before the server's own close: the client opens a new
    // connection rather than send a write where the server's close could meet it.
    Thread.sleep(1_700);
    assertEquals(WriteOutcome.Effect.UPDATED, client.set(put("c", "k", "w")).effect());
    assertEquals(accepted + 1, server.dataPathStats().acceptedConnections());
    assertEquals(0, server.dataPathStats().idleClosed(), "the server never had to close one");
  }

  /** A clock tests move by hand, shared by the server (token expiry) and nothing else. */
  private static final class MutableClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
