package dev.cirrus.server.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.server.CirrusServices;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.RawCalls;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Random requests through the real service stack (malformed-request guard, auth, limits, store,
 * change feed) over the in-process transport. Each input picks a method, then sends either the
 * raw input bytes as its request or a request built field by field from the input. Every call
 * must answer or be refused with a status a client can act on, within its deadline, without a
 * stack trace; at the end every call must have finished (the server terminates promptly).
 *
 * <p>With {@code JAZZER_FUZZ=1} (the build's {@code fuzz} execution) Jazzer explores new inputs
 * for {@code maxDuration}; without it only the inputs under {@code RequestFuzzTestInputs} run.
 */
class RequestFuzzTest {
  private static final List<MethodDescriptor<?, ?>> METHODS = RawCalls.cirrusMethods();
  private static final List<String> CACHES = List.of("fuzz-a", "fuzz-b", "users::byId", "new cache");
  /**
   * Long enough for the first, instrumented call on a loaded 2-core machine (it once took over 2 s
   * while classes loaded), short enough that a hung handler fails the run.
   */
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  /** What a client may be told about its request; anything else (UNKNOWN, INTERNAL, ...) fails. */
  private static final Set<Status.Code> ACCEPTABLE = Set.of(Status.Code.INVALID_ARGUMENT,
      Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.RESOURCE_EXHAUSTED);

  private static Path dataDir;
  private static CirrusServices services;
  private static Server server;
  private static ManagedChannel channel;
  private static BearerToken credentials;
  private static FuzzedRequests requests;
  private static int threadsBefore;

  @BeforeAll
  static void start() throws IOException {
    threadsBefore = Thread.activeCount();
    dataDir = Files.createTempDirectory("cirrus-fuzz-");
    ServerConfig config = ServerConfig.builder().dataDir(dataDir).memoryBudgetBytes(64L << 20).build();
    SigningKeys keys = SigningKeys.loadOrCreate(dataDir);
    services = CirrusServices.create(config, keys);
    String name = InProcessServerBuilder.generateName();
    server = services.addTo(InProcessServerBuilder.forName(name)).build().start();
    services.serving();
    channel = InProcessChannelBuilder.forName(name).build();
    credentials = new BearerToken(new TokenIssuer(keys.current(), "cirrus://in-process", Clock.systemUTC())
        .issue("fuzzer", Duration.ofHours(1)), "fuzzer");
    for (String cache : CACHES) {
      ControlPlaneGrpc.newBlockingStub(channel).withCallCredentials(credentials)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    }
    requests = new FuzzedRequests(CACHES);
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown();
    boolean terminated = server.awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow();
    services.close();
    CirrusServerExtension.deleteRecursively(dataDir);
    assertTrue(terminated, "calls were still open after the fuzzing: a request leaked a call");
    int threads = Thread.activeCount();
    assertTrue(threads < threadsBefore + 50, "threads grew from " + threadsBefore + " to " + threads);
  }

  // The build sets the duration (jazzer.max_duration, from cirrus.fuzz.duration); this is the
  // default for a run from an IDE.
  @FuzzTest(maxDuration = "12s")
  void anyRequest_isAnsweredOrRefusedCleanly(FuzzedDataProvider data) throws Exception {
    MethodDescriptor<?, ?> method = METHODS.get(data.consumeInt(0, METHODS.size() - 1));
    byte[] request = data.consumeBoolean()
        ? requests.build(method, data)
        : data.consumeRemainingAsBytes();

    RawCalls.Result result = RawCalls.call(channel, method, request, credentials, DEADLINE);

    if (result.answered()) {
      // The answer must be a well-formed response message.
      method.parseResponse(new ByteArrayInputStream(result.firstResponse()));
      return;
    }
    Status status = result.status();
    if (!ACCEPTABLE.contains(status.getCode()) || RawCalls.leaksInternals(status)) {
      throw new AssertionError(method.getFullMethodName() + " answered " + status + " to "
          + Arrays.toString(request));
    }
  }
}
