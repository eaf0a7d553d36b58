package dev.cirrus.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.fastpath.DataPathStats;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.RawCalls;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Random hellos and frames on real sockets to a real data path: each input opens a connection,
 * sends a hello (valid, refused, malformed or none), then frames of any kind and length (well
 * formed requests, announced lengths the bytes do not fill, over the limit, raw bytes), ends its
 * output and reads what comes back. Every answer must be a well-formed frame, every refusal a
 * status a client can act on without internals, and the connection must end within the deadline.
 * After the run no connection, thread or byte in flight may be left, and a normal client is served.
 *
 * <p>With {@code JAZZER_FUZZ=1} (the build's {@code fuzz} execution) Jazzer explores new inputs
 * for {@code maxDuration}; without it only the inputs under {@code DataPathFuzzTestInputs} run.
 */
class DataPathFuzzTest {
  private static final List<String> CACHES = List.of("fuzz-a", "fuzz-b");
  private static final String ACCOUNT = "fuzzer";
  /** A connection the server has neither answered nor ended within this has hung. */
  private static final int READ_TIMEOUT_MILLIS = 10_000;
  private static final Set<Integer> ACCEPTABLE = Set.of(Status.Code.INVALID_ARGUMENT.value(),
      Status.Code.NOT_FOUND.value(), Status.Code.ALREADY_EXISTS.value(),
      Status.Code.RESOURCE_EXHAUSTED.value(), Status.Code.UNAUTHENTICATED.value(),
      Status.Code.PERMISSION_DENIED.value(), Status.Code.FAILED_PRECONDITION.value());
  private static final V1Method[] DATA_METHODS =
      Arrays.stream(V1Method.values()).filter(V1Method::onDataPath).toArray(V1Method[]::new);

  private static Path dataDir;
  private static CirrusServer server;
  private static String token;
  private static FuzzedRequests requests;
  private static int threadsBefore;

  @BeforeAll
  static void start() throws Exception {
    threadsBefore = Thread.activeCount();
    dataDir = Files.createTempDirectory("cirrus-data-fuzz-");
    server = CirrusServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
        .memoryBudgetBytes(64L << 20).build());
    token = server.tokens().issue(ACCOUNT, Duration.ofHours(1));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      for (String cache : CACHES) {
        ControlPlaneGrpc.newBlockingStub(channel)
            .withCallCredentials(new BearerToken(token, "fuzz"))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .createCache(CreateCacheRequest.newBuilder().setName(cache).build());
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    requests = new FuzzedRequests(CACHES);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.dataPathStats().openConnections() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      DataPathStats stats = server.dataPathStats();
      assertEquals(0, stats.openConnections(), "connections left open: " + stats);
      assertEquals(0, stats.unauthenticatedConnections(), stats.toString());
      assertEquals(0, stats.bytesInFlight(), "bytes still held: " + stats);
      assertEquals(0, Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().matches("cirrus-data-\\d+")).count(), "connection threads left");
      assertServesANormalClient();
    } finally {
      server.close();
      CirrusServerExtension.deleteRecursively(dataDir);
    }
    int threads = Thread.activeCount();
    assertTrue(threads < threadsBefore + 50, "threads grew from " + threadsBefore + " to " + threads);
  }

  private static void assertServesANormalClient() throws IOException {
    try (SilentCloseable allowed = allowConnections(); Socket socket = connect()) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      out.write(Frames.hello("Bearer " + token, "normal"));
      assertEquals(Frames.OK, Frames.read(in, Integer.MAX_VALUE).kind());
      // The fuzzed frames may have deleted the cache (DeleteCache is on the data path too).
      out.write(Frames.request(V1Method.CREATE_CACHE,
          CreateCacheRequest.newBuilder().setName(CACHES.get(0)).setIfAbsent(true).build()));
      assertEquals(Frames.OK, Frames.read(in, Integer.MAX_VALUE).kind());
      ByteString key = ByteString.copyFromUtf8("after-fuzzing");
      out.write(Frames.request(V1Method.SET, SetRequest.newBuilder().setCache(CACHES.get(0))
          .setWrite(Write.newBuilder().setKey(key).setValue(key)).build()));
      assertEquals(Frames.OK, Frames.read(in, Integer.MAX_VALUE).kind());
      out.write(Frames.request(V1Method.GET,
          GetRequest.newBuilder().setCache(CACHES.get(0)).setKey(key).build()));
      Frames.Frame get = Frames.read(in, Integer.MAX_VALUE);
      assertEquals(Frames.OK, get.kind());
      assertEquals(key, GetResponse.parseFrom(get.payload()).getResult().getValue());
    }
  }

  /**
   * Jazzer reports any connection as a possible request forgery (and, once the fuzzing is over,
   * ends the JVM for it): the test's own connections to the data port are allowed.
   */
  private static SilentCloseable allowConnections() {
    int dataPort = server.dataPort();
    return BugDetectors.allowNetworkConnections((host, port) -> port == dataPort
        && (host.equals("127.0.0.1") || host.equals("localhost")));
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.dataPort());
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    // Closed with a reset: thousands of inputs leave no sockets in TIME_WAIT.
    socket.setSoLinger(true, 0);
    return socket;
  }

  // The build sets the duration (jazzer.max_duration, from cirrus.fuzz.duration); this is the
  // default for a run from an IDE.
  @FuzzTest(maxDuration = "12s")
  void anyHelloAndFrames_areAnsweredOrEndedCleanly(FuzzedDataProvider data) throws Exception {
    byte[] sent = bytesToSend(data);
    try (SilentCloseable allowed = allowConnections(); Socket socket = connect()) {
      try {
        socket.getOutputStream().write(sent);
        socket.shutdownOutput();
      } catch (IOException e) {
        // The server ended the connection while the input was still being sent: what it said
        // before is read below.
      }
      readAnswers(new DataInputStream(socket.getInputStream()), sent);
    }
  }

  /** A hello of some sort, then a few frames of some sort. */
  private static byte[] bytesToSend(FuzzedDataProvider data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    switch (data.consumeInt(0, 3)) {
      case 0 -> bytes.writeBytes(Frames.hello("Bearer " + token, "fuzz"));
      case 1 -> bytes.writeBytes(Frames.hello(data.consumeString(64), data.consumeString(64)));
      case 2 -> bytes.writeBytes(frame(Frames.HELLO, data.consumeBytes(64)));
      default -> { } // no hello: the frames below come first
    }
    int frames = data.consumeInt(0, 4);
    for (int i = 0; i < frames && data.remainingBytes() > 0; i++) {
      switch (data.consumeInt(0, 4)) {
        case 0 -> {
          V1Method method = DATA_METHODS[data.consumeInt(0, DATA_METHODS.length - 1)];
          byte[] request = requests.build(method.descriptor(), data);
          bytes.writeBytes(frame(Frames.REQUEST, concat(method.number(), request)));
        }
        case 1 -> bytes.writeBytes(frame(data.consumeByte(), data.consumeBytes(256)));
        case 2 -> {
          // A length the bytes that follow may not fill: the server must not wait for the rest
          // past the end of the input, nor hold what was announced.
          byte[] partial = data.consumeBytes(64);
          bytes.writeBytes(ByteBuffer.allocate(5 + partial.length).putInt(data.consumeInt())
              .put(data.consumeByte()).put(partial).array());
        }
        case 3 -> bytes.writeBytes(data.consumeBytes(32));
        default -> bytes.writeBytes(frame(Frames.REQUEST,
            concat((byte) data.consumeInt(-128, 127), data.consumeBytes(128))));
      }
    }
    return bytes.toByteArray();
  }

  /** Reads frames until the server ends the connection; each must be well formed and acceptable. */
  private static void readAnswers(DataInputStream in, byte[] sent) throws IOException {
    while (true) {
      Frames.Frame frame;
      try {
        frame = Frames.read(in, 64 << 20);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server neither answered nor ended the connection within "
            + READ_TIMEOUT_MILLIS + " ms after " + Arrays.toString(sent), e);
      } catch (IOException e) {
        return; // reset by the server after its answer, or a frame cut by the close
      }
      if (frame == null) {
        return;
      }
      switch (frame.kind()) {
        case Frames.OK, Frames.GOODBYE -> { }
        case Frames.ERROR -> {
          Frames.ErrorPayload error = Frames.parseError(frame.payload());
          Status status = Status.fromCodeValue(error.statusCode()).withDescription(error.description());
          if (!ACCEPTABLE.contains(error.statusCode()) || RawCalls.leaksInternals(status)) {
            throw new AssertionError("answered " + status + " to " + Arrays.toString(sent));
          }
        }
        default -> throw new AssertionError(
            "answered with a frame of kind " + frame.kind() + " to " + Arrays.toString(sent));
      }
    }
  }

  private static byte[] frame(byte kind, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).putInt(1 + payload.length).put(kind)
        .put(payload).array();
  }

  private static byte[] concat(byte first, byte[] rest) {
    byte[] all = new byte[1 + rest.length];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
