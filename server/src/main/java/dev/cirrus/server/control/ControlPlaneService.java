package dev.cirrus.server.control;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.CacheInfo;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.CreateCacheResponse;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.DeleteCacheResponse;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.DescribeCacheResponse;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.FlushCacheRequest;
import dev.cirrus.proto.v1.FlushCacheResponse;
import dev.cirrus.proto.v1.ListCachesRequest;
import dev.cirrus.proto.v1.ListCachesResponse;
import dev.cirrus.server.auth.AuthContext;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.error.UnaryCalls;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.store.CacheErrors;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * cirrus.v1.ControlPlane: protocol mapping over {@link CacheStore}'s cache management. A token
 * limited to some caches may create, describe, flush and delete only those, and lists only those.
 */
public final class ControlPlaneService extends ControlPlaneGrpc.ControlPlaneImplBase {
  private final CacheStore store;
  private final Limits limits;
  private final String serverVersion;
  private final String instanceId;
  private final Supplier<DataPathOffer> dataPath;

  /** A server without a data path. */
  public ControlPlaneService(CacheStore store, Limits limits, String serverVersion, String instanceId) {
    this(store, limits, serverVersion, instanceId, () -> DataPathOffer.NONE);
  }

  /**
   * @param instanceId new at every server start, so clients can tell a restart (see the proto)
   * @param dataPath the data path as it stands (its port is bound after the services are made)
   */
  public ControlPlaneService(CacheStore store, Limits limits, String serverVersion, String instanceId,
      Supplier<DataPathOffer> dataPath) {
    this.store = requireNonNull(store, "store");
    this.limits = requireNonNull(limits, "limits");
    this.serverVersion = requireNonNull(serverVersion, "serverVersion");
    this.instanceId = requireNonNull(instanceId, "instanceId");
    this.dataPath = requireNonNull(dataPath, "dataPath");
  }

  @Override
  public void describeServer(
      DescribeServerRequest request, StreamObserver<DescribeServerResponse> observer) {
    DataPathOffer offer = dataPath.get();
    boolean offered = offer.port() > 0;
    UnaryCalls.respond(observer, () -> DescribeServerResponse.newBuilder()
        .setServerVersion(serverVersion)
        .setInstanceId(instanceId)
        .setDataPort(offer.port())
        .setDataPortTls(offered && offer.tls())
        .setDataIdleTimeoutMillis(offered ? offer.idleTimeout().toMillis() : 0)
        .setAccount(AuthContext.caller().account())
        .setLimits(dev.cirrus.proto.v1.Limits.newBuilder()
            .setMaxKeyBytes(limits.maxKeyBytes())
            .setMaxValueBytes(limits.maxValueBytes())
            .setMaxBatchSize(limits.maxBatchSize())
            .setMaxCachesPerAccount(limits.maxCachesPerAccount())
            .setMaxTtlMillis(limits.maxTtl().toMillis())
            .setMaxCacheNameLength(limits.maxCacheNameLength())
            .setMaxConfigBytes(limits.maxConfigBytes()))
        .build());
  }

  @Override
  public void createCache(CreateCacheRequest request, StreamObserver<CreateCacheResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      var result = store.create(
          cache(request.getName()), request.getClientConfig(), request.getIfAbsent());
      return CreateCacheResponse.newBuilder()
          .setCache(info(result.cache()))
          .setCreated(result.created())
          .build();
    });
  }

  @Override
  public void listCaches(ListCachesRequest request, StreamObserver<ListCachesResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      ListCachesResponse.Builder response = ListCachesResponse.newBuilder();
      Caller caller = AuthContext.caller();
      for (var cache : store.list(caller.account())) {
        // A token limited to some caches sees only those: the others' names are not its business.
        if (caller.caches().allows(cache.id().name())) {
          response.addCaches(info(cache));
        }
      }
      return response.build();
    });
  }

  @Override
  public void describeCache(
      DescribeCacheRequest request, StreamObserver<DescribeCacheResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      CacheId id = cache(request.getName());
      var info = store.describe(id).orElseThrow(() -> CacheErrors.notFound(id));
      return DescribeCacheResponse.newBuilder().setCache(info(info)).build();
    });
  }

  @Override
  public void flushCache(FlushCacheRequest request, StreamObserver<FlushCacheResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      long removed = store.clear(cache(request.getName()), AuthContext.caller().clientId());
      return FlushCacheResponse.newBuilder().setRemoved(removed).build();
    });
  }

  @Override
  public void deleteCache(DeleteCacheRequest request, StreamObserver<DeleteCacheResponse> observer) {
    UnaryCalls.respond(observer, () -> DeleteCacheResponse.newBuilder()
        .setDeleted(store.delete(cache(request.getName())))
        .build());
  }

  /** The caller's cache {@code name}, once the token's cache scope allows it. */
  private static CacheId cache(String name) {
    Caller caller = AuthContext.caller();
    caller.requireCache(name);
    return new CacheId(caller.account(), name);
  }

  private static CacheInfo info(dev.cirrus.server.store.CacheInfo info) {
    return CacheInfo.newBuilder()
        .setName(info.id().name())
        .setClientConfig(info.clientConfig())
        .setCreatedAtMillis(info.createdAtMillis())
        .setEntryCount(info.entryCount())
        .setWeightBytes(info.weightBytes())
        .build();
  }
}
