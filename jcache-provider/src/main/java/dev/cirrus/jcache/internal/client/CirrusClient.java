package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.ContainsResponse;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.FlushCacheRequest;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ListCachesRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.TouchResponse;
import dev.cirrus.proto.v1.WriteResult;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * Owns the channels to one Cirrus server and offers its calls in this package's records ({@link
 * ReadOutcome}, {@link EntryWrite}, {@link WriteOutcome}, {@link CacheChange}...), so that nothing
 * above this package speaks cirrus.v1. Every call gets the configured deadline, and every failure leaves as a {@link CacheException} made by the
 * {@link ErrorTranslator}. Idempotent reads are retried on UNAVAILABLE by the channel's retry
 * policy, within the same deadline. Data calls (not change streams, not {@link #touchAsync}) go by
 * the server's binary data path when it offers one, else by gRPC (see {@link DataPaths}); both
 * answer and fail alike.
 *
 * <p>Thread-safe: the channel and stubs are shared by all caches of a CacheManager.
 */
public final class CirrusClient implements AutoCloseable {

  /**
   * Data calls are spread over this many connections, so the server's event loops on every core
   * serve one client (measured: +13% throughput at 16 threads on 2 cores).
   */
  private static final int DATA_CHANNELS = 2;

  private final ClientSettings settings;
  private final List<ManagedChannel> channels;
  private final ControlPlaneGrpc.ControlPlaneBlockingStub control;
  private final DataPaths data;
  private final DataPlaneGrpc.DataPlaneStub dataAsync;
  private final CallTimer timer;
  private final ErrorTranslator errors;
  private final ServerLimits limits = new ServerLimits();
  private volatile Predicate<String> missingCacheRecovery = cache -> false;

  /** Uses the given channels (a test may hand in any transport); the client owns and closes them. */
  public CirrusClient(List<ManagedChannel> channels, ClientSettings settings) {
    this(channels, settings, settings.endpoint().tls() ? ClientTls.of(settings) : null);
  }

  /** @param tls the TLS of a {@code cirrus+tls://} endpoint, for the data path; else null */
  private CirrusClient(List<ManagedChannel> channels, ClientSettings settings, ClientTls tls) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("a CirrusClient needs at least one channel");
    }
    this.channels = List.copyOf(channels);
    this.settings = Objects.requireNonNull(settings, "settings");
    ManagedChannel first = this.channels.get(0);
    this.control = ControlPlaneGrpc.newBlockingStub(first);
    this.dataAsync = DataPlaneGrpc.newStub(first);
    this.timer = new CallTimer(settings.clientId());
    this.data = new DataPaths(new GrpcDataPath(this.channels, timer, settings.callTimeout()),
        settings, tls, () -> learn(control().describeServer(DescribeServerRequest.getDefaultInstance())));
    this.errors = new ErrorTranslator(settings.endpoint(), settings.callTimeout());
  }

  /** Opens channels to the settings' endpoint. Connections are made lazily by the first calls. */
  public static CirrusClient connect(ClientSettings settings) {
    // The trust file is read once, for every channel and the data path.
    ClientTls tls = settings.endpoint().tls() ? ClientTls.of(settings) : null;
    ChannelCredentials credentials =
        tls == null ? InsecureChannelCredentials.create() : tls.channelCredentials();
    List<ManagedChannel> channels = new java.util.ArrayList<>();
    for (int i = 0; i < DATA_CHANNELS; i++) {
      channels.add(channel(settings, credentials));
    }
    return new CirrusClient(channels, settings, tls);
  }

  private static ManagedChannel channel(ClientSettings settings, ChannelCredentials credentials) {
    Endpoint endpoint = settings.endpoint();
    return NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port(), credentials)
            .withOption(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
            .intercept(new ClientMetadata(settings.token(), settings.clientId()))
            .defaultServiceConfig(RetryPolicy.serviceConfig())
            .enableRetry()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveTimeout(5, TimeUnit.SECONDS)
            // Nagle's algorithm would hold small requests back waiting for more bytes.
            .withOption(ChannelOption.TCP_NODELAY, true)
            .build();
  }

  public ClientSettings settings() {
    return settings;
  }

  public Endpoint endpoint() {
    return settings.endpoint();
  }

  public String clientId() {
    return settings.clientId();
  }

  // ---- control plane ----

  /** What the server says of itself. */
  public ServerInfo serverInfo() {
    return V1Messages.server(describeServer());
  }

  /** DescribeServer's answer as it came; the transport level under {@link #serverInfo}. */
  DescribeServerResponse describeServer() {
    return call("describe server", () -> learn(control().describeServer(
        DescribeServerRequest.getDefaultInstance())));
  }

  /** Runs a check of sizes before sending; its refusal leaves as a server refusal would. */
  private void checkSizes(String operation, Runnable check) {
    try {
      check.run();
    } catch (StatusRuntimeException e) {
      throw errors.translate(e, operation);
    }
  }

  /** Keeps the limits the server announced, for the checks before sending. */
  private DescribeServerResponse learn(DescribeServerResponse server) {
    limits.learn(server);
    return server;
  }

  /**
   * Creates a cache with the configuration its creator stores with it; with {@code ifAbsent}, a
   * cache of that name already there is described instead.
   */
  public CacheDescription createCache(String name, ByteString config, boolean ifAbsent) {
    CreateCacheRequest request = CreateCacheRequest.newBuilder()
        .setName(name).setClientConfig(config).setIfAbsent(ifAbsent).build();
    return V1Messages.cache(
        call("create cache '" + name + "'", () -> control().createCache(request)).getCache());
  }

  /** The cache's description, or empty when the account has no such cache. */
  public Optional<CacheDescription> describeCache(String name) {
    DescribeCacheRequest request = DescribeCacheRequest.newBuilder().setName(name).build();
    try {
      return Optional.of(V1Messages.cache(control().describeCache(request).getCache()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw failure(e, "describe cache '" + name + "'");
    }
  }

  public List<CacheDescription> listCaches() {
    return call("list caches",
        () -> control().listCaches(ListCachesRequest.getDefaultInstance()).getCachesList())
        .stream().map(V1Messages::cache).toList();
  }

  /** Removes every entry of the cache; answers how many there were. */
  public long flushCache(String name) {
    return call("flush cache '" + name + "'",
        () -> control().flushCache(FlushCacheRequest.newBuilder().setName(name).build())
            .getRemoved());
  }

  /** Deletes the cache and its entries; answers whether there was one. */
  public boolean deleteCache(String name) {
    return call("delete cache '" + name + "'",
        () -> control().deleteCache(DeleteCacheRequest.newBuilder().setName(name).build())
            .getDeleted());
  }

  // ---- data plane ----
  //
  // Each call in the records of this package, converted to and from cirrus.v1 once, by
  // V1Messages. The package-private overloads taking messages are the transport level they share.

  /**
   * Reads one entry.
   *
   * @param accessTtl what the read does to a found entry's expiry, or null for nothing
   */
  public ReadOutcome get(String cache, ByteString key, Ttl accessTtl) {
    return V1Messages.read(get(V1Messages.get(cache, key, accessTtl)));
  }

  ReadResult get(GetRequest request) {
    return dataCall(request.getCache(), "get", path -> path.get(request).getResult());
  }

  /** Reads entries; the outcomes are in the keys' order. */
  public List<ReadOutcome> getBatch(String cache, List<ByteString> keys, Ttl accessTtl) {
    return V1Messages.reads(getBatch(V1Messages.getBatch(cache, keys, accessTtl)));
  }

  List<ReadResult> getBatch(GetBatchRequest request) {
    return dataCall(request.getCache(), "getAll", path -> path.getBatch(request).getResultsList());
  }

  /** Whether a live entry is there; the entry's expiry is not touched. */
  public boolean contains(String cache, ByteString key) {
    return contains(V1Messages.contains(cache, key)).getFound();
  }

  ContainsResponse contains(ContainsRequest request) {
    return dataCall(request.getCache(), "containsKey", path -> path.contains(request));
  }

  /**
   * Sets the entry's expiry to {@code ttl} if it is still at {@code expectedVersion}; answers
   * whether it was.
   */
  public boolean touch(String cache, ByteString key, Ttl ttl, long expectedVersion) {
    return touch(V1Messages.touch(cache, key, ttl, expectedVersion));
  }

  boolean touch(TouchRequest request) {
    return dataCall(request.getCache(), "touch", path -> path.touch(request).getTouched());
  }

  /**
   * Sends a Touch without waiting for the answer: a near-cache hit must extend the entry's life at
   * the server but should not cost a round trip. A failure only means the entry may expire earlier.
   */
  public void touchAsync(String cache, ByteString key, Ttl ttl, long expectedVersion) {
    dataAsync.withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .touch(V1Messages.touch(cache, key, ttl, expectedVersion), IGNORE_TOUCH);
  }

  private static final StreamObserver<TouchResponse> IGNORE_TOUCH = new StreamObserver<>() {
    @Override
    public void onNext(TouchResponse value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  };

  public WriteOutcome set(String cache, EntryWrite write) {
    checkSizes("put", () -> limits.check(write));
    return V1Messages.written(set(V1Messages.set(cache, write)));
  }

  WriteResult set(SetRequest request) {
    return dataCall(request.getCache(), "put", path -> path.set(request).getResult());
  }

  /** Sets entries, each on its own condition; the outcomes are in the writes' order. */
  public List<WriteOutcome> setBatch(String cache, List<EntryWrite> writes) {
    checkSizes("putAll", () -> limits.check(writes));
    return V1Messages.written(setBatch(V1Messages.setBatch(cache, writes)));
  }

  List<WriteResult> setBatch(SetBatchRequest request) {
    return dataCall(request.getCache(), "putAll", path -> path.setBatch(request).getResultsList());
  }

  public RemovalOutcome delete(String cache, EntryRemoval removal) {
    return V1Messages.removed(delete(V1Messages.delete(cache, removal)));
  }

  RemovalResult delete(DeleteRequest request) {
    return dataCall(request.getCache(), "remove", path -> path.delete(request).getResult());
  }

  /** Removes entries, each on its own condition; the outcomes are in the removals' order. */
  public List<RemovalOutcome> deleteBatch(String cache, List<EntryRemoval> removals) {
    return V1Messages.removed(deleteBatch(V1Messages.deleteBatch(cache, removals)));
  }

  List<RemovalResult> deleteBatch(DeleteBatchRequest request) {
    return dataCall(request.getCache(), "removeAll",
        path -> path.deleteBatch(request).getResultsList());
  }

  /** Removes every entry at once (one CLEARED change); answers how many there were. */
  public long clear(String cache) {
    ClearRequest request = ClearRequest.newBuilder().setCache(cache).build();
    return dataCall(cache, "clear", path -> path.clear(request).getRemoved());
  }

  /**
   * One page of the cache's entries from {@code cursor} (empty: the start).
   *
   * @param accessTtl what handing out an entry does to its expiry, or null for nothing
   */
  public ScanPage scan(
      String cache, ByteString cursor, int limit, boolean includeValues, Ttl accessTtl) {
    return V1Messages.page(scan(V1Messages.scan(cache, cursor, limit, includeValues, accessTtl)));
  }

  ScanResponse scan(ScanRequest request) {
    return dataCall(request.getCache(), "iterate", path -> path.scan(request));
  }

  /**
   * Whether data calls now go by the server's binary data path rather than gRPC; asks the server
   * for it first if that is due.
   */
  public boolean usesDataPath() {
    return data.usesFastPath();
  }

  /** Opens a change stream; see {@link ChangeStream}. */
  public ChangeStream subscribe(Subscription subscription, ChangeStream.Listener listener) {
    return ChangeStream.open(dataAsync, V1Messages.subscribe(subscription), new ChangeStream.Listener() {
      @Override
      public void onEvent(CacheChange change) {
        listener.onEvent(change);
      }

      @Override
      public void onClosed(CacheException failure) {
        if (failure != null && failure.getCause() instanceof StatusRuntimeException sre) {
          reconnectSoonIfDown(sre);
        }
        listener.onClosed(failure);
      }
    }, errors);
  }

  /** Whether the failure means the cache does not exist on the server. */
  public static boolean isCacheNotFound(CacheException e) {
    return e.getCause() instanceof StatusRuntimeException sre
        && ErrorTranslator.reasonOf(sre) == ErrorReason.CACHE_NOT_FOUND;
  }

  /**
   * Whether the failure means a message was too large to send or to take: the server's cap on an
   * answer's bytes or a batch's items (BATCH_TOO_LARGE), or a frame or inbound message limit
   * (RESOURCE_EXHAUSTED). Either way a smaller batch can succeed.
   */
  public static boolean isTooLarge(CacheException e) {
    return e.getCause() instanceof StatusRuntimeException sre
        && (sre.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED
            || ErrorTranslator.reasonOf(sre) == ErrorReason.BATCH_TOO_LARGE);
  }

  /** Whether the server refused the call for a permission the token lacks. */
  public static boolean isPermissionDenied(CacheException e) {
    return e.getCause() instanceof StatusRuntimeException sre
        && sre.getStatus().getCode() == Status.Code.PERMISSION_DENIED;
  }

  /** Whether the failure means the server could not be reached or did not answer in time. */
  public static boolean isUnavailable(CacheException e) {
    if (!(e.getCause() instanceof StatusRuntimeException sre)) {
      return false;
    }
    Status.Code code = sre.getStatus().getCode();
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }

  private ControlPlaneGrpc.ControlPlaneBlockingStub control() {
    return control.withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Sets who may bring back a cache the server no longer has (after a restart emptied it): asked
   * with the cache's name, it answers whether the cache exists again, and the call is retried once.
   */
  public void setMissingCacheRecovery(Predicate<String> recovery) {
    this.missingCacheRecovery = Objects.requireNonNull(recovery, "recovery");
  }

  /** Asks the recovery to bring back a cache the server reported missing. */
  public boolean recoverMissingCache(String cache) {
    return missingCacheRecovery.test(cache);
  }

  private <T> T dataCall(String cache, String operation, Function<DataPath, T> rpc) {
    Supplier<T> attempt = () -> data.run(rpc);
    try {
      return call(operation, attempt);
    } catch (CacheException e) {
      if (isCacheNotFound(e) && missingCacheRecovery.test(cache)) {
        return call(operation, attempt);
      }
      throw e;
    }
  }

  private <T> T call(String operation, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw failure(e, operation);
    }
  }

  private CacheException failure(StatusRuntimeException e, String operation) {
    reconnectSoonIfDown(e);
    return errors.translate(e, operation);
  }

  private void reconnectSoonIfDown(StatusRuntimeException e) {
    if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
      return;
    }
    data.serverUnavailable();
    for (ManagedChannel channel : channels) {
      if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
        // A failed channel keeps failing calls with its last error until a backed-off reconnect
        // succeeds (up to minutes). Going idle makes the next call try a fresh connection at
        // once, so a server that came back is used within one call; one still down fails fast.
        channel.enterIdle();
      }
    }
  }

  /** Closes the channels without waiting for calls in flight for longer than a moment. */
  @Override
  public void close() {
    data.close();
    timer.close();
    channels.forEach(ManagedChannel::shutdown);
    try {
      for (ManagedChannel channel : channels) {
        if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      channels.forEach(ManagedChannel::shutdownNow);
      Thread.currentThread().interrupt();
    }
  }
}
