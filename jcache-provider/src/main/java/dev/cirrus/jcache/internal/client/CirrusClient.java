package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.ContainsResponse;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.CreateCacheResponse;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.DeleteCacheResponse;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.DescribeCacheResponse;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.FlushCacheRequest;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ListCachesRequest;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.TouchResponse;
import dev.cirrus.wire.V1Method;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.cache.CacheException;

/**
 * Owns the connections to the Cirrus servers of one CacheManager and offers their calls in this
 * package's records ({@link ReadOutcome}, {@link EntryWrite}, {@link WriteOutcome}, {@link
 * CacheChange}...), so that nothing above this package speaks cirrus.v1. Every call gets the
 * configured deadline, and every failure leaves as a {@link CacheException} made by the {@link
 * ErrorTranslator}. Idempotent reads are retried on UNAVAILABLE by the channel's retry policy,
 * within the same deadline. Data calls (not change streams, not {@link #touchAsync}) go by the
 * server's binary data path when it offers one, else by gRPC (see {@link DataPaths}); both
 * answer and fail alike.
 *
 * <p>With several endpoints ({@code cirrus://h1:7070,h2:7070}) the client talks to one node at a
 * time ({@link Nodes}: a random one first, then the same while it answers). A call that finds its
 * node down (UNAVAILABLE, or no answer in time) moves the client to the next node, and is sent
 * there within what is left of its deadline when that cannot apply it twice: an idempotent call,
 * or any call whose connection was refused (so it never reached a server). A write that may have
 * reached the dead node fails with a message saying so; the next call goes to the new node.
 *
 * <p>Thread-safe: the nodes' channels and stubs are shared by all caches of a CacheManager.
 */
public final class CirrusClient implements AutoCloseable {

  /**
   * Data calls are spread over this many connections, so the server's event loops on every core
   * serve one client (measured: +13% throughput at 16 threads on 2 cores).
   */
  private static final int DATA_CHANNELS = 2;

  private final ClientSettings settings;
  private final Nodes nodes;
  private final CallTimer timer;
  private final Failover failover;
  private volatile Predicate<String> missingCacheRecovery = cache -> false;

  /**
   * One server over the given channels (a test may hand in any transport); the client owns and
   * closes them.
   */
  public CirrusClient(List<ManagedChannel> channels, ClientSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (settings.endpoints().size() != 1) {
      throw new IllegalArgumentException("channels given for one server, but the settings list "
          + settings.endpoints().size());
    }
    this.timer = new CallTimer(settings.clientId());
    this.nodes = new Nodes(List.of(new Node(settings.endpoints().get(0), channels, settings,
        settings.tls() ? ClientTls.of(settings) : null, timer)));
    this.failover = new Failover(nodes, timer, settings);
  }

  private CirrusClient(ClientSettings settings, ChannelCredentials credentials, ClientTls tls) {
    this.settings = settings;
    this.timer = new CallTimer(settings.clientId());
    List<Node> list = new ArrayList<>();
    for (Endpoint endpoint : settings.endpoints()) {
      list.add(Node.connect(endpoint, settings, credentials, tls, timer, DATA_CHANNELS));
    }
    this.nodes = new Nodes(list);
    this.failover = new Failover(nodes, timer, settings);
  }

  /**
   * Opens channels to the settings' endpoints. Connections are made lazily by the first calls, so
   * only the node in use is connected to.
   */
  public static CirrusClient connect(ClientSettings settings) {
    // The trust file is read once, for every channel and the data path.
    ClientTls tls = settings.tls() ? ClientTls.of(settings) : null;
    ChannelCredentials credentials =
        tls == null ? InsecureChannelCredentials.create() : tls.channelCredentials();
    return new CirrusClient(settings, credentials, tls);
  }

  public ClientSettings settings() {
    return settings;
  }

  /** The node calls go to now. */
  public Endpoint endpoint() {
    return nodes.current().endpoint();
  }

  public String clientId() {
    return settings.clientId();
  }

  /**
   * Calls {@code listener} with the new node each time this client moves to another one; answers
   * what removes the listener.
   */
  public Runnable onNodeChange(Consumer<Endpoint> listener) {
    return nodes.onMove(listener);
  }

  // ---- control plane ----

  /** What the node in use says of itself. */
  public ServerInfo serverInfo() {
    return call("describe server", true,
        node -> V1Messages.server(node.endpoint(), node.describeServer()));
  }

  /**
   * What the node at {@code endpoint} says of itself, asked of that node alone: no failover, so
   * asking never moves the client; empty when the node does not answer.
   */
  public Optional<ServerInfo> serverInfoOf(Endpoint endpoint) {
    Node node = nodes.node(endpoint);
    if (node == null) {
      throw new IllegalArgumentException(endpoint + " is not one of "
          + Endpoint.toString(settings.endpoints()));
    }
    try {
      return Optional.of(V1Messages.server(endpoint, node.describeServer()));
    } catch (StatusRuntimeException e) {
      node.failed(e);
      return Optional.empty();
    }
  }

  /** DescribeServer's answer as it came; the transport level under {@link #serverInfo}. */
  DescribeServerResponse describeServer() {
    return call("describe server", true, Node::describeServer);
  }

  /**
   * Creates a cache with the configuration its creator stores with it; with {@code ifAbsent}, a
   * cache of that name already there is described instead.
   */
  public CacheDescription createCache(String name, ByteString config, boolean ifAbsent) {
    CreateCacheRequest request = CreateCacheRequest.newBuilder()
        .setName(name).setClientConfig(config).setIfAbsent(ifAbsent).build();
    // Creating if absent twice creates once: safe to send again.
    return V1Messages.cache(call("create cache '" + name + "'", ifAbsent,
        node -> node.<CreateCacheResponse>control(V1Method.CREATE_CACHE, request)).getCache());
  }

  /** The cache's description, or empty when the account has no such cache. */
  public Optional<CacheDescription> describeCache(String name) {
    DescribeCacheRequest request = DescribeCacheRequest.newBuilder().setName(name).build();
    try {
      return Optional.of(V1Messages.cache(call("describe cache '" + name + "'", true,
          node -> node.<DescribeCacheResponse>control(V1Method.DESCRIBE_CACHE, request))
          .getCache()));
    } catch (CacheException e) {
      if (e.getCause() instanceof StatusRuntimeException sre
          && sre.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Another node than the one in use that reports {@code cache} as existing, or empty. Nodes that
   * do not answer are passed over: this asks, it never fails.
   */
  public Optional<Endpoint> otherNodeHolding(String cache) {
    DescribeCacheRequest request = DescribeCacheRequest.newBuilder().setName(cache).build();
    Node current = nodes.current();
    for (Node node : nodes.all()) {
      if (node == current) {
        continue;
      }
      try {
        node.control().describeCache(request);
        return Optional.of(node.endpoint());
      } catch (StatusRuntimeException e) {
        node.failed(e);
      }
    }
    return Optional.empty();
  }

  /** Sends later calls to the node at {@code endpoint}, one of the configured ones. */
  public void moveTo(Endpoint endpoint) {
    nodes.moveTo(endpoint);
  }

  public List<CacheDescription> listCaches() {
    return call("list caches", true,
        node -> node.control().listCaches(ListCachesRequest.getDefaultInstance()).getCachesList())
        .stream().map(V1Messages::cache).toList();
  }

  /** Removes every entry of the cache; answers how many there were. */
  public long flushCache(String name) {
    FlushCacheRequest request = FlushCacheRequest.newBuilder().setName(name).build();
    return call("flush cache '" + name + "'", false,
        node -> node.control().flushCache(request).getRemoved());
  }

  /** Deletes the cache and its entries; answers whether there was one. */
  public boolean deleteCache(String name) {
    DeleteCacheRequest request = DeleteCacheRequest.newBuilder().setName(name).build();
    return call("delete cache '" + name + "'", false,
        node -> node.<DeleteCacheResponse>control(V1Method.DELETE_CACHE, request).getDeleted());
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
    return get(V1Messages.get(cache, key, accessTtl));
  }

  ReadOutcome get(GetRequest request) {
    return dataCall(request.getCache(), "get", V1Method.GET, path -> path.read(request));
  }

  /**
   * Reads entries; the outcomes are in the keys' order.
   *
   * @param valuesKept whether any value's bytes are kept beyond decoding them (a near cache keeps
   *     them): when not, a value may be a view of the whole answer, which it would keep alive
   */
  public List<ReadOutcome> getBatch(String cache, List<ByteString> keys, Ttl accessTtl,
      boolean valuesKept) {
    return getBatch(V1Messages.getBatch(cache, keys, accessTtl), valuesKept);
  }

  List<ReadOutcome> getBatch(GetBatchRequest request) {
    return getBatch(request, true);
  }

  private List<ReadOutcome> getBatch(GetBatchRequest request, boolean valuesKept) {
    return dataCall(request.getCache(), "getAll", V1Method.GET_BATCH,
        path -> path.readBatch(request, valuesKept));
  }

  /** Whether a live entry is there; the entry's expiry is not touched. */
  public boolean contains(String cache, ByteString key) {
    return contains(V1Messages.contains(cache, key)).getFound();
  }

  ContainsResponse contains(ContainsRequest request) {
    return dataCall(request.getCache(), "containsKey", V1Method.CONTAINS, path -> path.contains(request));
  }

  /**
   * Sets the entry's expiry to {@code ttl} if it is still at {@code expectedVersion}; answers
   * whether it was.
   */
  public boolean touch(String cache, ByteString key, Ttl ttl, long expectedVersion) {
    return touch(V1Messages.touch(cache, key, ttl, expectedVersion));
  }

  boolean touch(TouchRequest request) {
    return dataCall(request.getCache(), "touch", V1Method.TOUCH, path -> path.touch(request).getTouched());
  }

  /**
   * Sends a Touch without waiting for the answer: a near-cache hit must extend the entry's life at
   * the server but should not cost a round trip. A failure only means the entry may expire earlier.
   */
  public void touchAsync(String cache, ByteString key, Ttl ttl, long expectedVersion) {
    nodes.current().async()
        .withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
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

  /** Sets the entry; a key or value over the node's announced limits fails before it is sent. */
  public WriteOutcome set(String cache, EntryWrite write) {
    return set(cache, WriteRequest.set(cache, write), limits -> limits.check(write));
  }

  WriteOutcome set(SetRequest request) {
    return set(request.getCache(), request, NO_CHECK);
  }

  private WriteOutcome set(String cache, MessageLite request, Consumer<ServerLimits> check) {
    return dataCall(cache, "put", V1Method.SET, check, path -> path.write(request));
  }

  /** Sets entries, each on its own condition; the outcomes are in the writes' order. */
  public List<WriteOutcome> setBatch(String cache, List<EntryWrite> writes) {
    return setBatch(cache, WriteRequest.setBatch(cache, writes), limits -> limits.check(writes));
  }

  /**
   * Sets {@code keys.get(i)} to {@code values.get(i)} for each i, every write on the condition and
   * TTLs of {@code terms} (its key and value unused, no expected value); the outcomes are in the
   * keys' order.
   */
  public List<WriteOutcome> setBatch(String cache, List<ByteString> keys, List<ByteString> values,
      EntryWrite terms) {
    return setBatch(cache, WriteRequest.setBatch(cache, keys, values, terms),
        limits -> limits.check(keys, values));
  }

  List<WriteOutcome> setBatch(SetBatchRequest request) {
    return setBatch(request.getCache(), request, NO_CHECK);
  }

  private List<WriteOutcome> setBatch(
      String cache, MessageLite request, Consumer<ServerLimits> check) {
    return dataCall(cache, "putAll", V1Method.SET_BATCH, check, path -> path.writeBatch(request));
  }

  public RemovalOutcome delete(String cache, EntryRemoval removal) {
    return V1Messages.removed(delete(V1Messages.delete(cache, removal)));
  }

  RemovalResult delete(DeleteRequest request) {
    return dataCall(request.getCache(), "remove", V1Method.DELETE, path -> path.delete(request).getResult());
  }

  /** Removes entries, each on its own condition; the outcomes are in the removals' order. */
  public List<RemovalOutcome> deleteBatch(String cache, List<EntryRemoval> removals) {
    return V1Messages.removed(deleteBatch(V1Messages.deleteBatch(cache, removals)));
  }

  List<RemovalResult> deleteBatch(DeleteBatchRequest request) {
    return dataCall(request.getCache(), "removeAll", V1Method.DELETE_BATCH,
        path -> path.deleteBatch(request).getResultsList());
  }

  /** Removes every entry at once (one CLEARED change); answers how many there were. */
  public long clear(String cache) {
    ClearRequest request = ClearRequest.newBuilder().setCache(cache).build();
    return dataCall(cache, "clear", V1Method.CLEAR, path -> path.clear(request).getRemoved());
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
    return dataCall(request.getCache(), "iterate", V1Method.SCAN, path -> path.scan(request));
  }

  /**
   * Whether data calls now go by the server's binary data path rather than gRPC; asks the server
   * for it first if that is due.
   */
  public boolean usesDataPath() {
    return nodes.current().usesDataPath();
  }

  /**
   * Opens a change stream on the node in use; see {@link ChangeStream}. A stream that breaks
   * because its node is down moves the client to the next node, where it is reopened.
   */
  public ChangeStream subscribe(Subscription subscription, ChangeStream.Listener listener) {
    Node node = nodes.current();
    return ChangeStream.open(node.endpoint(), node.async(), V1Messages.subscribe(subscription),
        new ChangeStream.Listener() {
          @Override
          public void onEvent(CacheChange change) {
            listener.onEvent(change);
          }

          @Override
          public void onClosed(CacheException failure) {
            if (failure != null && failure.getCause() instanceof StatusRuntimeException sre) {
              node.failed(sre);
              if (Nodes.nodeDown(sre)) {
                nodes.failedOver(node);
              }
            }
            listener.onClosed(failure);
          }
        }, node.errors());
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
    return e.getCause() instanceof StatusRuntimeException sre && Nodes.nodeDown(sre);
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

  /**
   * Checks writes against the limits the node in use announced, sending nothing: a refusal leaves
   * as the node's own would. For operations that go in several calls and must not apply a part.
   */
  public void checkSizes(String operation, List<ByteString> keys, List<ByteString> values) {
    call(operation, false, node -> {
      node.limits().check(keys, values);
      return null;
    });
  }

  private static final Consumer<ServerLimits> NO_CHECK = limits -> {};

  private <T> T dataCall(
      String cache, String operation, V1Method method, Function<DataPath, T> rpc) {
    return dataCall(cache, operation, method, NO_CHECK, rpc);
  }

  /**
   * Runs a data call on the node in use, first checking sizes against the limits that node
   * announced: a refusal there leaves (translated, naming the node) as the node's own would.
   */
  private <T> T dataCall(String cache, String operation, V1Method method,
      Consumer<ServerLimits> check, Function<DataPath, T> rpc) {
    Function<Node, T> attempt = node -> {
      check.accept(node.limits());
      return node.data(rpc);
    };
    try {
      return call(operation, method.idempotent(), attempt);
    } catch (CacheException e) {
      if (isCacheNotFound(e) && missingCacheRecovery.test(cache)) {
        return call(operation, method.idempotent(), attempt);
      }
      throw e;
    }
  }

  private <T> T call(String operation, boolean resendable, Function<Node, T> rpc) {
    return failover.call(operation, resendable, rpc);
  }

  /** Closes the channels without waiting for calls in flight for longer than a moment. */
  @Override
  public void close() {
    nodes.close();
    timer.close();
  }
}
