package dev.cirrus.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.store.redis.RedisTarget;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real server once per test class through {@link EmbeddedServer} (127.0.0.1, free ports,
 * a temporary data dir), with a manual clock and background expiry sweeps off unless configured,
 * and a plaintext channel to it. Stubs carry a bearer token and a client id like the provider's. Each test gets fresh cache names from {@link #newCache()}, so tests never share
 * state through the server.
 */
public final class CirrusServerExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String ACCOUNT = "acme";
  public static final String CLIENT_ID = "client-test";
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final UnaryOperator<ServerConfig.Builder> customizer;
  private final ManualClock clock = new ManualClock();
  private final AtomicInteger cacheCounter = new AtomicInteger();
  private EmbeddedServer embedded;
  /** The one token of the default stubs, as a provider holds one token: issued on first use. */
  private volatile String defaultToken;
  private CirrusServer server;
  private ManagedChannel channel;

  public CirrusServerExtension() {
    this(UnaryOperator.identity());
  }

  public CirrusServerExtension(UnaryOperator<ServerConfig.Builder> customizer) {
    this.customizer = customizer;
  }

  /** A server with tightened limits, for limit tests. */
  public static CirrusServerExtension withLimits(Limits limits) {
    return new CirrusServerExtension(b -> b.limits(limits));
  }

  /**
   * Whether this test JVM runs the server over Redis Cluster (system property
   * {@value #STORE_PROPERTY} = {@code redis}) rather than the in-memory store.
   */
  public static boolean onRedis() {
    return "redis".equals(System.getProperty(STORE_PROPERTY, "memory"));
  }

  /** The system property that selects the store of every server this extension starts. */
  public static final String STORE_PROPERTY = "cirrus.test.store";

  @Override
  public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
    RedisTarget redis = null;
    if (onRedis()) {
      EmbeddedRedisCluster cluster = EmbeddedRedisCluster.shared();
      // Test classes share the cluster and the account: each starts on an empty one.
      cluster.flushAll();
      redis = cluster.target();
    }
    RedisTarget store = redis;
    // No background sweeps unless a test asks: expiry found by an operation stays deterministic.
    embedded = EmbeddedServer.start(
        b -> customizer.apply(b.clock(clock).sweepInterval(Duration.ofHours(1)).redisStore(store)));
    server = embedded.server();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    embedded.close();
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  public CirrusServer server() {
    return server;
  }

  public ManualClock clock() {
    return clock;
  }

  public Path dataDir() {
    return embedded.dataDir();
  }

  public ManagedChannel channel() {
    return channel;
  }

  public String token(String account, Permission... permissions) {
    return permissions.length == 0
        ? embedded.token(account)
        : embedded.token(account, EmbeddedServer.DEFAULT_TOKEN_LIFETIME, permissions);
  }

  /**
   * The token the default stubs carry ({@link #ACCOUNT}, every permission): one token, as a
   * provider holds one, so changes made through one default stub are this client's own on
   * another's change stream. It outlives any clock a test advances.
   */
  public String defaultToken() {
    if (defaultToken == null) {
      synchronized (this) {
        if (defaultToken == null) {
          defaultToken = server.tokens().issue(ACCOUNT, Duration.ofDays(36_500));
        }
      }
    }
    return defaultToken;
  }

  /** Data-plane stub for {@link #ACCOUNT} with every permission. */
  public DataPlaneGrpc.DataPlaneBlockingStub data() {
    return data(defaultToken(), CLIENT_ID);
  }

  public DataPlaneGrpc.DataPlaneBlockingStub data(String token, String clientId) {
    return DataPlaneGrpc.newBlockingStub(channel)
        .withCallCredentials(new BearerToken(token, clientId))
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  public DataPlaneGrpc.DataPlaneStub dataAsync() {
    return DataPlaneGrpc.newStub(channel)
        .withCallCredentials(new BearerToken(defaultToken(), CLIENT_ID));
  }

  public ControlPlaneGrpc.ControlPlaneBlockingStub control() {
    return control(defaultToken());
  }

  public ControlPlaneGrpc.ControlPlaneBlockingStub control(String token) {
    return ControlPlaneGrpc.newBlockingStub(channel)
        .withCallCredentials(new BearerToken(token, CLIENT_ID))
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Creates a fresh cache for {@link #ACCOUNT} and returns its name. */
  public String newCache() {
    String name = "org.example.Cache" + cacheCounter.incrementAndGet() + "-" + UUID.randomUUID();
    control().createCache(CreateCacheRequest.newBuilder().setName(name).build());
    return name;
  }

  public static ByteString bytes(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  /** Asserts the call fails with {@code code} and an ErrorDetail trailer with {@code reason}. */
  public static ErrorDetail assertRefused(Status.Code code, ErrorReason reason, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), () -> "status: " + e.getStatus());
    ErrorDetail detail =
        e.getTrailers() == null ? null
            : e.getTrailers().get(ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance()));
    if (detail == null) {
      throw new AssertionError("no ErrorDetail trailer on " + e.getStatus());
    }
    assertEquals(reason, detail.getReason(), () -> "detail: " + detail);
    assertEquals(e.getStatus().getDescription(), detail.getMessage());
    return detail;
  }
}
