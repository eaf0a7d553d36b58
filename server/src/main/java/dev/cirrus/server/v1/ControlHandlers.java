package dev.cirrus.server.v1;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.CacheInfo;
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
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.store.CacheErrors;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;
import java.util.function.Supplier;

/**
 * cirrus.v1.ControlPlane's methods as {@link V1Handler}s: protocol mapping over {@link
 * CacheStore}'s cache management. A token limited to some caches may create, describe, flush and
 * delete only those, and lists only those.
 */
final class ControlHandlers {
  private final CacheStore store;
  private final Limits limits;
  private final String serverVersion;
  private final String instanceId;
  private final Supplier<DataPathOffer> dataPath;

  /**
   * @param instanceId new at every server start, so clients can tell a restart (see the proto)
   * @param dataPath the data path as it stands (its port is bound after the handlers are made)
   */
  ControlHandlers(CacheStore store, Limits limits, String serverVersion, String instanceId,
      Supplier<DataPathOffer> dataPath) {
    this.store = requireNonNull(store, "store");
    this.limits = requireNonNull(limits, "limits");
    this.serverVersion = requireNonNull(serverVersion, "serverVersion");
    this.instanceId = requireNonNull(instanceId, "instanceId");
    this.dataPath = requireNonNull(dataPath, "dataPath");
  }

  DescribeServerResponse describeServer(Caller caller, DescribeServerRequest request) {
    DataPathOffer offer = dataPath.get();
    boolean offered = offer.port() > 0;
    return DescribeServerResponse.newBuilder()
        .setServerVersion(serverVersion)
        .setInstanceId(instanceId)
        .setDataPort(offer.port())
        .setDataPortTls(offered && offer.tls())
        .setDataIdleTimeoutMillis(offered ? offer.idleTimeout().toMillis() : 0)
        .setDataPathControl(offered)
        .setDataPathSharedConnections(offered && offer.sharedConnections())
        .setAccount(caller.account())
        .setLimits(dev.cirrus.proto.v1.Limits.newBuilder()
            .setMaxKeyBytes(limits.maxKeyBytes())
            .setMaxValueBytes(limits.maxValueBytes())
            .setMaxBatchSize(limits.maxBatchSize())
            .setMaxCachesPerAccount(limits.maxCachesPerAccount())
            .setMaxTtlMillis(limits.maxTtl().toMillis())
            .setMaxCacheNameLength(limits.maxCacheNameLength())
            .setMaxConfigBytes(limits.maxConfigBytes()))
        .build();
  }

  CreateCacheResponse createCache(Caller caller, CreateCacheRequest request) {
    var result = store.create(DataHandlers.cache(caller, request.getName()),
        request.getClientConfig(), request.getIfAbsent());
    return CreateCacheResponse.newBuilder()
        .setCache(info(result.cache()))
        .setCreated(result.created())
        .build();
  }

  ListCachesResponse listCaches(Caller caller, ListCachesRequest request) {
    ListCachesResponse.Builder response = ListCachesResponse.newBuilder();
    for (var cache : store.list(caller.account())) {
      // A token limited to some caches sees only those: the others' names are not its business.
      if (caller.caches().allows(cache.id().name())) {
        response.addCaches(info(cache));
      }
    }
    return response.build();
  }

  DescribeCacheResponse describeCache(Caller caller, DescribeCacheRequest request) {
    CacheId id = DataHandlers.cache(caller, request.getName());
    var info = store.describe(id).orElseThrow(() -> CacheErrors.notFound(id));
    return DescribeCacheResponse.newBuilder().setCache(info(info)).build();
  }

  FlushCacheResponse flushCache(Caller caller, FlushCacheRequest request) {
    long removed = store.clear(DataHandlers.cache(caller, request.getName()), caller.writerId());
    return FlushCacheResponse.newBuilder().setRemoved(removed).build();
  }

  DeleteCacheResponse deleteCache(Caller caller, DeleteCacheRequest request) {
    return DeleteCacheResponse.newBuilder()
        .setDeleted(store.delete(DataHandlers.cache(caller, request.getName())))
        .build();
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
