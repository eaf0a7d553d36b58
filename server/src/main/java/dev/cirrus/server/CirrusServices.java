package dev.cirrus.server;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.server.auth.Authenticator;
import dev.cirrus.server.auth.Revocations;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.auth.StreamGuard;
import dev.cirrus.server.auth.TokenVerifier;
import dev.cirrus.server.fastpath.DataRequests;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.feed.StreamQuota;
import dev.cirrus.server.grpc.FairCalls;
import dev.cirrus.server.grpc.MomentoGrpcServices;
import dev.cirrus.server.grpc.V1GrpcServices;
import dev.cirrus.server.http.HealthRoute;
import dev.cirrus.server.http.Router;
import dev.cirrus.server.limits.AccountRateLimit;
import dev.cirrus.server.limits.LimitedCacheStore;
import dev.cirrus.server.momento.CacheHttpRoute;
import dev.cirrus.server.momento.MomentoAccess;
import dev.cirrus.server.momento.MomentoHandlers;
import dev.cirrus.server.momento.ScalarCache;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.InMemoryCacheStore;
import dev.cirrus.server.store.redis.RedisCacheStore;
import dev.cirrus.server.v1.DataPathOffer;
import dev.cirrus.server.v1.V1Handlers;
import dev.cirrus.server.metrics.LabelBudget;
import dev.cirrus.server.metrics.Refusals;
import dev.cirrus.server.metrics.ServerMetrics;
import dev.cirrus.server.metrics.web.HttpRefusals;
import dev.cirrus.server.metrics.web.MetricsRoutes;
import dev.cirrus.server.metrics.web.OperatorGate;
import io.grpc.Attributes;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root: one store and change feed, the cirrus.v1 handlers over them, one
 * authenticator, and the two front doors built on those: the gRPC services, ready for any gRPC
 * transport ({@link CirrusServer} serves them over Netty on a TCP port, a test may serve them
 * in-process; the standard health service needs no token), and the binary data path's requests
 * ({@link #dataRequests()}). Owns the store, the executors and the health status.
 */
public final class CirrusServices implements AutoCloseable {
  /**
   * How often the revocation list's file is looked at and open change streams are checked against
   * their tokens: a stream outlives its token's expiry, and a revocation takes effect, within
   * about this much.
   */
  static final Duration RECHECK_INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = Logger.getLogger(CirrusServices.class.getName());

  private final ServerConfig config;
  private final ServerThreads threads;
  private final CacheStore store;
  private final HealthStatusManager health;
  private final List<ServerServiceDefinition> services;
  private final DataRequests dataRequests;
  private final AtomicInteger dataPort;
  private final ServerMetrics metrics;
  /** Where each gRPC call runs: heavy ones in their account's queue of the worker pool. */
  private final FairCalls fairCalls;
  /** gRPC connections open now, counted by a transport filter. */
  private final AtomicInteger grpcConnections = new AtomicInteger();
  private final Router httpRoutes = new Router();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();

  private CirrusServices(ServerConfig config, ServerThreads threads, CacheStore store,
      HealthStatusManager health, List<ServerServiceDefinition> services,
      DataRequests dataRequests, AtomicInteger dataPort, ServerMetrics metrics,
      Authenticator authenticator, FairCalls fairCalls) {
    this.config = config;
    this.fairCalls = fairCalls;
    this.threads = threads;
    this.store = store;
    this.health = health;
    this.services = services;
    this.dataRequests = dataRequests;
    this.dataPort = dataPort;
    this.metrics = metrics;
    // Ready only while every service the store needs answers: a node cut off from its Redis
    // should be taken out of a load balancer's rotation, not sent calls that can only fail.
    Map<String, BooleanSupplier> dependencies = store.dependencies();
    httpRoutes.add("/health", new HealthRoute(CirrusServer.VERSION,
        () -> ready.get() && dependencies.values().stream().allMatch(BooleanSupplier::getAsBoolean)));
    metrics.health("store", ready::get);
    dependencies.forEach(metrics::health);
    metrics.connections("grpc", grpcConnections::get);
    httpRoutes.onRefusal(new HttpRefusals(metrics.refusals(), CacheHttpRoute.PREFIX));
    MetricsRoutes.install(httpRoutes, metrics,
        new OperatorGate(authenticator, config.metricsPublic()), CirrusServer.VERSION);
    metrics.startSampling(threads.scheduler());
  }

  /**
   * Builds the services for {@code config}, verifying tokens with {@code keys} and the revocation
   * list of the config's data directory.
   *
   * @throws UncheckedIOException when the revocation list cannot be read or is over its limit
   */
  public static CirrusServices create(ServerConfig config, SigningKeys keys) {
    try {
      return create(config, keys, Revocations.load(config.dataDir(), config.maxRevokedTokens()));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** Builds the services for {@code config}, verifying tokens with {@code keys} and {@code revocations}. */
  public static CirrusServices create(ServerConfig config, SigningKeys keys, Revocations revocations) {
    requireNonNull(config, "config");
    requireNonNull(keys, "keys");
    requireNonNull(revocations, "revocations");
    ServerThreads threads = ServerThreads.create(config.accountQueuedCalls(),
        config.redisStore() != null);
    ChangeFeed feed = new ChangeFeed(threads.feed(), threads.scheduler(),
        config.subscriberQueueCapacity(), config.subscriberQueueBytes());
    ServerMetrics metrics = new ServerMetrics(LabelBudget.DEFAULT_MAX_PAIRS,
        LabelBudget.DEFAULT_MAX_PER_ACCOUNT, config.cacheMetrics());
    Refusals refusals = metrics.refusals();
    // Metered outside the limits, so refusals are counted under their error codes.
    CacheStore store = metrics.meter(
        new LimitedCacheStore(backend(config, feed, threads), config.limits()));
    Authenticator authenticator =
        new Authenticator(new TokenVerifier(keys, config.clock(), revocations));
    StreamGuard streams = new StreamGuard(authenticator);
    threads.scheduler().scheduleWithFixedDelay(() -> recheck(revocations, streams),
        RECHECK_INTERVAL.toMillis(), RECHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    AtomicInteger dataPort = new AtomicInteger();
    V1Handlers handlers = new V1Handlers(store, config.limits(), CirrusServer.VERSION,
        UUID.randomUUID().toString(),
        () -> new DataPathOffer(dataPort.get(), config.usesTls(), config.dataIdleTimeout(),
            !store.blocksCallers()),
        streams, new StreamQuota(config.maxStreamsPerAccount(), config.maxStreamsPerConnection()),
        new AccountRateLimit(config.accountRateLimit(), config.clock()));
    HealthStatusManager health = new HealthStatusManager();
    MomentoAccess momentoAccess = new MomentoAccess(authenticator);
    FairCalls fairCalls = new FairCalls(threads.calls(), threads.pointCalls(), authenticator,
        momentoAccess, method -> handlers.unary(method) != null
            && handlers.unary(method).async() != null);
    List<ServerServiceDefinition> services =
        new ArrayList<>(V1GrpcServices.create(handlers, authenticator, fairCalls, refusals));
    MomentoHandlers momento = new MomentoHandlers(store, config.limits());
    services.addAll(MomentoGrpcServices.create(momento, momentoAccess, fairCalls, refusals));
    services.add(health.getHealthService().bindService());
    DataRequests dataRequests = new DataRequests(handlers, authenticator, threads.calls(),
        threads.pointCalls(), refusals);
    CirrusServices built = new CirrusServices(config, threads, store, health, services,
        dataRequests, dataPort, metrics, authenticator, fairCalls);
    // Momento's HTTP cache API; a PUT body is refused from its Content-Length beyond the value limit.
    built.httpRoutes.addPrefix(CacheHttpRoute.PREFIX, config.limits().maxValueBytes(),
        new CacheHttpRoute(momentoAccess, new ScalarCache(store), threads.pointCalls()));
    return built;
  }

  /** The configured store: Redis when the config names one, else the in-memory store. */
  private static CacheStore backend(ServerConfig config, ChangeFeed feed, ServerThreads threads) {
    if (config.redisStore() == null) {
      return new InMemoryCacheStore(config.clock(), config.memoryBudgetBytes(),
          config.accountMemoryQuotaBytes(), config.sweepInterval(), feed, threads.sweeper());
    }
    try {
      if (config.accountMemoryQuotaBytes() > 0) {
        // Redis keeps its own memory (maxmemory and its eviction policy); a quota Cirrus cannot
        // enforce must not look as if it were in force.
        throw new IllegalArgumentException("--account-memory-quota works with the in-memory store"
            + " only; over Redis, bound memory with Redis's maxmemory, or drop the flag");
      }
      return RedisCacheStore.connect(config.redisStore(), config.clock(), feed,
          threads.sweeper(), config.sweepInterval());
    } catch (RuntimeException e) {
      try {
        threads.shutdown();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  /**
   * Takes in a changed revocation list and ends the open change streams whose token is no longer
   * accepted; never lets a failure stop the schedule.
   */
  private static void recheck(Revocations revocations, StreamGuard streams) {
    try {
      revocations.refresh();
      streams.recheck();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=stream_recheck_failed", e);
    }
  }

  /** Answers the binary data path's frames with the same data plane and token checks. */
  public DataRequests dataRequests() {
    return dataRequests;
  }

  /**
   * The HTTP door's routes ({@code /health} and what else this server serves over HTTP); another
   * front door over HTTP adds its routes here.
   */
  public Router httpRoutes() {
    return httpRoutes;
  }

  /**
   * The server's metrics: the transports add their connection counts here, and the HTTP door
   * serves them ({@code /metrics}, {@code /console}).
   */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** Makes DescribeServer advertise the data path's bound port (0: none). */
  public void advertiseDataPort(int port) {
    dataPort.set(port);
  }

  /**
   * Adds the services to {@code builder}, with the executor policy and the inbound message limit
   * they are built for.
   */
  public <T extends ServerBuilder<T>> T addTo(T builder) {
    requireNonNull(builder, "builder");
    builder.directExecutor()
        .callExecutor(fairCalls)
        .maxInboundMessageSize(config.limits().maxInboundMessageBytes())
        .addTransportFilter(new ServerTransportFilter() {
          @Override
          public Attributes transportReady(Attributes attributes) {
            grpcConnections.incrementAndGet();
            return attributes;
          }

          @Override
          public void transportTerminated(Attributes attributes) {
            grpcConnections.decrementAndGet();
          }
        })
        // Momento's methods that Cirrus does not serve say so, rather than gRPC's bare
        // "method not found".
        .fallbackHandlerRegistry(MomentoGrpcServices.unserved(metrics.refusals()));
    services.forEach(builder::addService);
    return builder;
  }

  /** Reports SERVING on the health service; call once the transport listens. */
  public void serving() {
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(ControlPlaneGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(DataPlaneGrpc.SERVICE_NAME, ServingStatus.SERVING);
    ready.set(!stopped.get());
  }

  /**
   * Reports NOT_SERVING for good and ends every change stream (they never end on their own), so a
   * transport shutting down need not wait its grace period out. Idempotent.
   */
  public void stopServing() {
    if (stopped.compareAndSet(false, true)) {
      ready.set(false);
      health.enterTerminalState();
      store.close();
    }
  }

  /** {@link #stopServing}, then stops the executors; call after the transport has terminated. */
  @Override
  public void close() {
    stopServing();
    metrics.close();
    try {
      threads.shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
