package dev.cirrus.server;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.server.auth.AuthInterceptor;
import dev.cirrus.server.auth.MethodPermissions;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.auth.TokenVerifier;
import dev.cirrus.server.control.ControlPlaneService;
import dev.cirrus.server.data.DataPlaneService;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.limits.LimitedCacheStore;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.InMemoryCacheStore;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.crypto.SecretKey;

/**
 * A running Cirrus server: the control and data planes behind the auth interceptor, the standard
 * gRPC health service (no token needed), the in-memory store within its limits, and the change
 * feed. {@link #start} returns once the port is bound; {@link #close} shuts down gracefully within
 * {@link #SHUTDOWN_GRACE} and may be called any number of times.
 */
public final class CirrusServer implements AutoCloseable {
  /** The server's version, e.g. {@code 0.1.0}. */
  public static final String VERSION = readVersion();
  /** How long {@link #close} lets in-flight calls finish before cancelling them. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(CirrusServer.class.getName());

  /** Calls whose cost grows with the number of entries they touch. */
  private static final Set<String> HEAVY_METHODS = Set.of(
      DataPlaneGrpc.getGetBatchMethod().getFullMethodName(),
      DataPlaneGrpc.getSetBatchMethod().getFullMethodName(),
      DataPlaneGrpc.getDeleteBatchMethod().getFullMethodName(),
      DataPlaneGrpc.getClearMethod().getFullMethodName(),
      DataPlaneGrpc.getScanMethod().getFullMethodName(),
      ControlPlaneGrpc.getFlushCacheMethod().getFullMethodName(),
      ControlPlaneGrpc.getDeleteCacheMethod().getFullMethodName(),
      ControlPlaneGrpc.getListCachesMethod().getFullMethodName());

  private final ServerConfig config;
  private final Server server;
  private final ServerThreads threads;
  private final CacheStore store;
  private final HealthStatusManager health;
  private final TokenIssuer tokens;
  private final String endpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CirrusServer(
      ServerConfig config, Server server, ServerThreads threads, CacheStore store,
      HealthStatusManager health, SecretKey key) {
    this.config = config;
    this.server = server;
    this.threads = threads;
    this.store = store;
    this.health = health;
    this.endpoint = "cirrus://" + uriHost(config.host()) + ":" + server.getPort();
    this.tokens = new TokenIssuer(key, endpoint, config.clock());
  }

  /** Binds and starts a server; it serves when this returns. */
  public static CirrusServer start(ServerConfig config) throws IOException {
    requireNonNull(config, "config");
    SecretKey key = SigningKeys.loadOrCreate(config.dataDir());
    ServerThreads threads = ServerThreads.create();
    ChangeFeed feed = new ChangeFeed(threads.feed(), threads.scheduler(), config.subscriberQueueCapacity());
    CacheStore store = new LimitedCacheStore(
        new InMemoryCacheStore(config.clock(), config.memoryBudgetBytes(), config.sweepInterval(),
            feed, threads.scheduler()),
        config.limits());
    AuthInterceptor auth =
        new AuthInterceptor(new TokenVerifier(key, config.clock()), MethodPermissions.cirrusV1());
    HealthStatusManager health = new HealthStatusManager();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
            // Point operations are short and never block, so they run on the transport thread
            // that read them (measured: ~1.5x the throughput of a hop to a pool on 2 cores).
            // Calls that walk many entries go to the worker pool so they never stall a transport
            // thread that other connections share.
            .directExecutor()
            .callExecutor(new ServerCallExecutorSupplier() {
              @Override
              public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
                String method = call.getMethodDescriptor().getFullMethodName();
                return HEAVY_METHODS.contains(method) ? threads.calls() : null;
              }
            })
            .maxInboundMessageSize(config.limits().maxInboundMessageBytes())
            // Clients keep change streams alive with pings; allow them well below gRPC's 5-minute
            // default, which would otherwise answer with GOAWAY "too_many_pings".
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            // Find clients that vanished without closing, so their streams are released.
            .keepAliveTime(60, TimeUnit.SECONDS)
            .keepAliveTimeout(20, TimeUnit.SECONDS)
            .addService(ServerInterceptors.intercept(
                new ControlPlaneService(store, config.limits(), VERSION,
                    java.util.UUID.randomUUID().toString()), auth))
            .addService(ServerInterceptors.intercept(new DataPlaneService(store), auth))
            .addService(health.getHealthService())
            .build();
    try {
      server.start();
    } catch (IOException e) {
      store.close();
      shutdownQuietly(threads);
      throw new IOException("cannot listen on " + config.host() + ":" + config.port() + " ("
          + e.getMessage() + "); check that the address is one of this machine's and that no other"
          + " process uses the port, or choose another --host or --port", e);
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(ControlPlaneGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(DataPlaneGrpc.SERVICE_NAME, ServingStatus.SERVING);
    CirrusServer started = new CirrusServer(config, server, threads, store, health, key);
    LOG.info(() -> "event=server_started version=" + VERSION + " endpoint=" + started.endpoint
        + " data_dir=" + config.dataDir().toAbsolutePath().normalize());
    return started;
  }

  /** The bound port (the real one when the configured port was 0). */
  public int port() {
    return server.getPort();
  }

  public String host() {
    return config.host();
  }

  /** {@code cirrus://host:port}, as clients and tokens name this server. */
  public String endpoint() {
    return endpoint;
  }

  /** Issues tokens signed by this server's key. */
  public TokenIssuer tokens() {
    return tokens;
  }

  public ServerConfig config() {
    return config;
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops accepting calls, ends change streams with UNAVAILABLE, lets in-flight calls finish for up
   * to {@link #SHUTDOWN_GRACE}, then cancels the rest. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    health.enterTerminalState();
    server.shutdown();
    // Open change streams never end on their own: end them so shutdown need not wait the grace out.
    store.close();
    boolean interrupted = false;
    try {
      if (!server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
      threads.shutdown();
    } catch (InterruptedException e) {
      server.shutdownNow();
      interrupted = true;
    }
    LOG.info(() -> "event=server_stopped endpoint=" + endpoint);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void shutdownQuietly(ServerThreads threads) {
    try {
      threads.shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String uriHost(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String readVersion() {
    try (InputStream in = CirrusServer.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the server version resource", e);
    }
  }
}
