package dev.cirrus.server.data;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.ClearResponse;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.ContainsResponse;
import dev.cirrus.proto.v1.DataPlaneGrpc;
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
import dev.cirrus.server.auth.AuthContext;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.error.StatusMapper;
import dev.cirrus.server.error.UnaryCalls;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.ScanPage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/**
 * cirrus.v1.DataPlane: protocol mapping over {@link CacheStore}. The caller's account scopes every
 * cache, and a token limited to some caches is refused the others.
 */
public final class DataPlaneService extends DataPlaneGrpc.DataPlaneImplBase {
  private final CacheStore store;

  public DataPlaneService(CacheStore store) {
    this.store = requireNonNull(store, "store");
  }

  /** The caller's cache {@code name}, once the token's cache scope allows it. */
  private static CacheId cache(Caller caller, String name) {
    caller.requireCache(name);
    return new CacheId(caller.account(), name);
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      var result = store.get(cache(caller, request.getCache()), request.getKey(),
          DataMapping.ttl(request.hasAccessTtl(), request.getAccessTtl()), caller.clientId());
      return GetResponse.newBuilder().setResult(DataMapping.read(result)).build();
    });
  }

  @Override
  public void getBatch(GetBatchRequest request, StreamObserver<GetBatchResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      var results = store.getAll(cache(caller, request.getCache()), request.getKeysList(),
          DataMapping.ttl(request.hasAccessTtl(), request.getAccessTtl()), caller.clientId());
      GetBatchResponse.Builder response = GetBatchResponse.newBuilder();
      results.forEach(r -> response.addResults(DataMapping.read(r)));
      return response.build();
    });
  }

  @Override
  public void contains(ContainsRequest request, StreamObserver<ContainsResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Optional<Long> version =
          store.contains(cache(AuthContext.caller(), request.getCache()), request.getKey());
      return ContainsResponse.newBuilder()
          .setFound(version.isPresent())
          .setVersion(version.orElse(0L))
          .build();
    });
  }

  @Override
  public void touch(TouchRequest request, StreamObserver<TouchResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      boolean touched = store.touch(cache(caller, request.getCache()), request.getKey(),
          DataMapping.ttl(request.hasTtl(), request.getTtl()), request.getExpectedVersion(),
          caller.clientId());
      return TouchResponse.newBuilder().setTouched(touched).build();
    });
  }

  @Override
  public void set(SetRequest request, StreamObserver<SetResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      var result = store.set(cache(caller, request.getCache()),
          DataMapping.write(request.getWrite()), caller.clientId());
      return SetResponse.newBuilder().setResult(DataMapping.write(result)).build();
    });
  }

  @Override
  public void setBatch(SetBatchRequest request, StreamObserver<SetBatchResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      var writes = request.getWritesList().stream().map(DataMapping::write).toList();
      var results = store.setAll(cache(caller, request.getCache()), writes, caller.clientId());
      SetBatchResponse.Builder response = SetBatchResponse.newBuilder();
      results.forEach(r -> response.addResults(DataMapping.write(r)));
      return response.build();
    });
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      var result = store.remove(cache(caller, request.getCache()),
          DataMapping.removal(request.getRemoval()), caller.clientId());
      return DeleteResponse.newBuilder().setResult(DataMapping.removal(result)).build();
    });
  }

  @Override
  public void deleteBatch(DeleteBatchRequest request, StreamObserver<DeleteBatchResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      var removals = request.getRemovalsList().stream().map(DataMapping::removal).toList();
      var results = store.removeAll(cache(caller, request.getCache()), removals, caller.clientId());
      DeleteBatchResponse.Builder response = DeleteBatchResponse.newBuilder();
      results.forEach(r -> response.addResults(DataMapping.removal(r)));
      return response.build();
    });
  }

  @Override
  public void clear(ClearRequest request, StreamObserver<ClearResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      long removed = store.clear(cache(caller, request.getCache()), caller.clientId());
      return ClearResponse.newBuilder().setRemoved(removed).build();
    });
  }

  @Override
  public void scan(ScanRequest request, StreamObserver<ScanResponse> observer) {
    UnaryCalls.respond(observer, () -> {
      Caller caller = AuthContext.caller();
      ScanPage page = store.scan(cache(caller, request.getCache()),
          new dev.cirrus.server.store.ScanRequest(request.getCursor(), request.getLimit(),
              request.getIncludeValues(),
              DataMapping.ttl(request.hasAccessTtl(), request.getAccessTtl())),
          caller.clientId());
      ScanResponse.Builder response = ScanResponse.newBuilder().setNextCursor(page.nextCursor());
      for (var entry : page.entries()) {
        ScanEntry.Builder e = ScanEntry.newBuilder().setKey(entry.key()).setVersion(entry.version());
        if (entry.value() != null) {
          e.setValue(entry.value());
        }
        response.addEntries(e);
      }
      return response.build();
    });
  }

  @Override
  public void subscribe(SubscribeRequest request, StreamObserver<ChangeEvent> observer) {
    ServerCallStreamObserver<ChangeEvent> call = (ServerCallStreamObserver<ChangeEvent>) observer;
    ChangeStream stream = new ChangeStream(call, request.getIncludeValues());
    stream.install();
    try {
      Caller caller = AuthContext.caller();
      stream.attach(store.subscribe(
          cache(caller, request.getCache()), stream, request.getHeartbeatMillis()));
    } catch (RuntimeException e) {
      call.onError(StatusMapper.toStatusException(e));
    }
  }
}
