package dev.cirrus.server.v1;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.ClearResponse;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.ContainsResponse;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteBatchResponse;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DeleteResponse;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ScanEntry;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetBatchResponse;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SetResponse;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.TouchResponse;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.auth.StreamGuard;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.StreamQuota;
import dev.cirrus.server.feed.Subscription;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.ScanPage;
import dev.cirrus.server.store.TtlSpec;
import dev.cirrus.wire.V1Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * cirrus.v1.DataPlane's methods as {@link V1Handler}s: protocol mapping over {@link CacheStore}.
 * The caller's account scopes every cache, and a token limited to some caches is refused the
 * others; a TTL that moves an existing entry's expiry needs WRITE, even on a read. No cache
 * semantics live here; they are in the store.
 */
final class DataHandlers {
  private final CacheStore store;
  private final StreamGuard guard;
  private final StreamQuota quota;

  DataHandlers(CacheStore store, StreamGuard guard, StreamQuota quota) {
    this.store = requireNonNull(store, "store");
    this.guard = requireNonNull(guard, "guard");
    this.quota = requireNonNull(quota, "quota");
  }

  /** The caller's cache {@code name}, once the token's cache scope allows it. */
  static CacheId cache(Caller caller, String name) {
    caller.requireCache(name);
    return new CacheId(caller.account(), name);
  }

  /**
   * The TTL a request applies to existing entries, once the caller may change expiries with it:
   * one that moves an expiry needs WRITE whatever the method (checked only then, so a plain read
   * costs nothing more).
   */
  private static TtlSpec expiryTtl(Caller caller, boolean present, Ttl ttl, V1Method method) {
    TtlSpec spec = DataMapping.ttl(present, ttl);
    if (spec.changesExisting()) {
      caller.requireExpiryChange(method.fullName());
    }
    return spec;
  }

  // The single-key calls come in two forms, the store's blocking call and its async one (for a
  // door that must not wait on its thread): each reads its request and builds its response with
  // the same lines, so the forms cannot drift apart.

  GetResponse get(Caller caller, GetRequest request) {
    return getResponse(store.get(cache(caller, request.getCache()), request.getKey(),
        accessTtl(caller, request), caller.writerId()));
  }

  CompletableFuture<GetResponse> getAsync(Caller caller, GetRequest request) {
    return store.getAsync(cache(caller, request.getCache()), request.getKey(),
        accessTtl(caller, request), caller.writerId()).thenApply(DataHandlers::getResponse);
  }

  private static TtlSpec accessTtl(Caller caller, GetRequest request) {
    return expiryTtl(caller, request.hasAccessTtl(), request.getAccessTtl(), V1Method.GET);
  }

  private static GetResponse getResponse(dev.cirrus.server.store.ReadResult result) {
    return GetResponse.newBuilder().setResult(DataMapping.read(result)).build();
  }

  GetBatchResponse getBatch(Caller caller, GetBatchRequest request) {
    return getBatchResponse(store.getAll(cache(caller, request.getCache()),
        request.getKeysList(), batchAccessTtl(caller, request), caller.writerId()));
  }

  CompletableFuture<GetBatchResponse> getBatchAsync(Caller caller, GetBatchRequest request) {
    return store.getAllAsync(cache(caller, request.getCache()), request.getKeysList(),
        batchAccessTtl(caller, request), caller.writerId())
        .thenApply(DataHandlers::getBatchResponse);
  }

  private static TtlSpec batchAccessTtl(Caller caller, GetBatchRequest request) {
    return expiryTtl(caller, request.hasAccessTtl(), request.getAccessTtl(), V1Method.GET_BATCH);
  }

  private static GetBatchResponse getBatchResponse(List<dev.cirrus.server.store.ReadResult> results) {
    GetBatchResponse.Builder response = GetBatchResponse.newBuilder();
    results.forEach(r -> response.addResults(DataMapping.read(r)));
    return response.build();
  }

  ContainsResponse contains(Caller caller, ContainsRequest request) {
    return containsResponse(store.contains(cache(caller, request.getCache()), request.getKey()));
  }

  CompletableFuture<ContainsResponse> containsAsync(Caller caller, ContainsRequest request) {
    return store.containsAsync(cache(caller, request.getCache()), request.getKey())
        .thenApply(DataHandlers::containsResponse);
  }

  private static ContainsResponse containsResponse(Optional<Long> version) {
    return ContainsResponse.newBuilder()
        .setFound(version.isPresent())
        .setVersion(version.orElse(0L))
        .build();
  }

  TouchResponse touch(Caller caller, TouchRequest request) {
    return touchResponse(store.touch(cache(caller, request.getCache()), request.getKey(),
        touchTtl(caller, request), request.getExpectedVersion(), caller.writerId()));
  }

  CompletableFuture<TouchResponse> touchAsync(Caller caller, TouchRequest request) {
    return store.touchAsync(cache(caller, request.getCache()), request.getKey(),
            touchTtl(caller, request), request.getExpectedVersion(), caller.writerId())
        .thenApply(DataHandlers::touchResponse);
  }

  private static TtlSpec touchTtl(Caller caller, TouchRequest request) {
    return expiryTtl(caller, request.hasTtl(), request.getTtl(), V1Method.TOUCH);
  }

  private static TouchResponse touchResponse(boolean touched) {
    return TouchResponse.newBuilder().setTouched(touched).build();
  }

  SetResponse set(Caller caller, SetRequest request) {
    return setResponse(store.set(cache(caller, request.getCache()),
        DataMapping.write(request.getWrite()), caller.writerId()));
  }

  CompletableFuture<SetResponse> setAsync(Caller caller, SetRequest request) {
    return store.setAsync(cache(caller, request.getCache()),
        DataMapping.write(request.getWrite()), caller.writerId())
        .thenApply(DataHandlers::setResponse);
  }

  private static SetResponse setResponse(dev.cirrus.server.store.WriteResult result) {
    return SetResponse.newBuilder().setResult(DataMapping.write(result)).build();
  }

  SetBatchResponse setBatch(Caller caller, SetBatchRequest request) {
    var writes = request.getWritesList().stream().map(DataMapping::write).toList();
    var results = store.setAll(cache(caller, request.getCache()), writes, caller.writerId());
    SetBatchResponse.Builder response = SetBatchResponse.newBuilder();
    results.forEach(r -> response.addResults(DataMapping.write(r)));
    return response.build();
  }

  DeleteResponse delete(Caller caller, DeleteRequest request) {
    return deleteResponse(store.remove(cache(caller, request.getCache()),
        DataMapping.removal(request.getRemoval()), caller.writerId()));
  }

  CompletableFuture<DeleteResponse> deleteAsync(Caller caller, DeleteRequest request) {
    return store.removeAsync(cache(caller, request.getCache()),
        DataMapping.removal(request.getRemoval()), caller.writerId())
        .thenApply(DataHandlers::deleteResponse);
  }

  private static DeleteResponse deleteResponse(dev.cirrus.server.store.RemoveResult result) {
    return DeleteResponse.newBuilder().setResult(DataMapping.removal(result)).build();
  }

  DeleteBatchResponse deleteBatch(Caller caller, DeleteBatchRequest request) {
    var removals = request.getRemovalsList().stream().map(DataMapping::removal).toList();
    var results = store.removeAll(cache(caller, request.getCache()), removals, caller.writerId());
    DeleteBatchResponse.Builder response = DeleteBatchResponse.newBuilder();
    results.forEach(r -> response.addResults(DataMapping.removal(r)));
    return response.build();
  }

  ClearResponse clear(Caller caller, ClearRequest request) {
    long removed = store.clear(cache(caller, request.getCache()), caller.writerId());
    return ClearResponse.newBuilder().setRemoved(removed).build();
  }

  ScanResponse scan(Caller caller, ScanRequest request) {
    ScanPage page = store.scan(cache(caller, request.getCache()),
        new dev.cirrus.server.store.ScanRequest(request.getCursor(), request.getLimit(),
            request.getIncludeValues(),
            expiryTtl(caller, request.hasAccessTtl(), request.getAccessTtl(), V1Method.SCAN), 0),
        caller.writerId());
    ScanResponse.Builder response = ScanResponse.newBuilder().setNextCursor(page.nextCursor());
    for (var entry : page.entries()) {
      ScanEntry.Builder e = ScanEntry.newBuilder().setKey(entry.key()).setVersion(entry.version());
      if (entry.value() != null) {
        e.setValue(entry.value());
      }
      response.addEntries(e);
    }
    return response.build();
  }

  /**
   * Starts feeding {@code sink} the cache's changes (see {@link ChangeEvents} for the messages),
   * within the account's and the connection's stream quota, for as long as the caller's token is
   * accepted: the guard ends the stream when it no longer is. The stream's place in the quota and
   * the guard are given back however it ends.
   */
  Subscription subscribe(Caller caller, SubscribeRequest request, ChangeSink sink, Object connection) {
    CacheId cache = cache(caller, request.getCache());
    Runnable release = quota.acquire(caller.account(), connection);
    Subscription subscription;
    try {
      subscription = store.subscribe(cache, sink, request.getHeartbeatMillis());
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    Runnable unwatch = guard.watch(caller, subscription::end);
    subscription.whenEnded(() -> {
      unwatch.run();
      release.run();
    });
    return subscription;
  }
}
