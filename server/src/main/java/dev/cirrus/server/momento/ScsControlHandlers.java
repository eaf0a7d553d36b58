package dev.cirrus.server.momento;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.momento.proto.control._Cache;
import dev.cirrus.momento.proto.control._CacheLimits;
import dev.cirrus.momento.proto.control._CreateCacheRequest;
import dev.cirrus.momento.proto.control._CreateCacheResponse;
import dev.cirrus.momento.proto.control._DeleteCacheRequest;
import dev.cirrus.momento.proto.control._DeleteCacheResponse;
import dev.cirrus.momento.proto.control._FlushCacheRequest;
import dev.cirrus.momento.proto.control._FlushCacheResponse;
import dev.cirrus.momento.proto.control._ListCachesRequest;
import dev.cirrus.momento.proto.control._ListCachesResponse;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.store.CacheErrors;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;

/**
 * {@code control_client.ScsControl}'s cache management over the store's: the same caches the
 * cirrus.v1 control plane manages, so a cache made here opens through JCache and the reverse. A
 * cache Momento creates carries no client configuration (JCache's provider opens such a cache
 * with its defaults). ListCaches answers every cache at once (an account has at most the
 * server's cache limit), so it never sends a {@code next_token}.
 */
final class ScsControlHandlers {
  private final CacheStore store;
  private final _CacheLimits cacheLimits;

  ScsControlHandlers(CacheStore store, Limits limits) {
    this.store = requireNonNull(store, "store");
    this.cacheLimits = _CacheLimits.newBuilder()
        .setMaxItemSizeKb(limits.maxValueBytes() / 1024)
        .setMaxTtlSeconds(limits.maxTtl().toSeconds())
        .build();
  }

  _CreateCacheResponse createCache(MomentoCall call, _CreateCacheRequest request) {
    // Not "if absent": Momento answers ALREADY_EXISTS, and its SDKs report that as its own result.
    store.create(call.cacheId(request.getCacheName()), ByteString.EMPTY, false);
    return _CreateCacheResponse.getDefaultInstance();
  }

  _DeleteCacheResponse deleteCache(MomentoCall call, _DeleteCacheRequest request) {
    CacheId id = call.cacheId(request.getCacheName());
    if (!store.delete(id)) {
      throw CacheErrors.notFound(id);
    }
    return _DeleteCacheResponse.getDefaultInstance();
  }

  _FlushCacheResponse flushCache(MomentoCall call, _FlushCacheRequest request) {
    store.clear(call.cacheId(request.getCacheName()), call.caller().writerId());
    return _FlushCacheResponse.getDefaultInstance();
  }

  _ListCachesResponse listCaches(MomentoCall call, _ListCachesRequest request) {
    _ListCachesResponse.Builder response = _ListCachesResponse.newBuilder();
    for (var cache : store.list(call.caller().account())) {
      // A token limited to some caches sees only those, as on the cirrus.v1 control plane.
      if (call.caller().caches().allows(cache.id().name())) {
        response.addCache(_Cache.newBuilder()
            .setCacheName(cache.id().name())
            .setCacheLimits(cacheLimits));
      }
    }
    return response.build();
  }
}
