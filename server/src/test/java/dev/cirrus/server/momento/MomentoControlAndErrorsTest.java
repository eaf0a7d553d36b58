package dev.cirrus.server.momento;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.momento.proto.cache.ECacheResult;
import dev.cirrus.momento.proto.cache._GetRequest;
import dev.cirrus.momento.proto.cache._IncrementRequest;
import dev.cirrus.momento.proto.cache._PingRequest;
import dev.cirrus.momento.proto.cache._SetRequest;
import dev.cirrus.momento.proto.control._Cache;
import dev.cirrus.momento.proto.control._CreateCacheRequest;
import dev.cirrus.momento.proto.control._DeleteCacheRequest;
import dev.cirrus.momento.proto.control._FlushCacheRequest;
import dev.cirrus.momento.proto.control._ListCachesRequest;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** Momento's cache management, its errors as the SDKs read them, and what is not served. */
class MomentoControlAndErrorsTest {
  @RegisterExtension static final CirrusServerExtension server = CirrusServerExtension.withLimits(
      Limits.builder().maxValueBytes(1024).maxBatchSize(4).build());

  private MomentoClient client() {
    return new MomentoClient(server.channel(), server.defaultToken());
  }

  private static String name() {
    return "momento-" + UUID.randomUUID();
  }

  private static _SetRequest set(String key, String value) {
    return _SetRequest.newBuilder().setCacheKey(bytes(key)).setCacheBody(bytes(value))
        .setTtlMilliseconds(60_000).build();
  }

  private static StatusRuntimeException refused(Status.Code code, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), () -> "status: " + e.getStatus());
    assertNotNull(e.getStatus().getDescription());
    return e;
  }

  @Test
  void createListFlushDelete_manageTheSameCachesAsCirrus() {
    String cache = name();
    client().control().createCache(_CreateCacheRequest.newBuilder().setCacheName(cache).build());
    client().data(cache).set(set("k", "v"));

    var listed = client().control().listCaches(_ListCachesRequest.getDefaultInstance())
        .getCacheList().stream().map(_Cache::getCacheName).toList();
    // The cirrus.v1 control plane sees the cache Momento created.
    server.control().describeCache(DescribeCacheRequest.newBuilder().setName(cache).build());
    client().control().flushCache(_FlushCacheRequest.newBuilder().setCacheName(cache).build());
    ECacheResult afterFlush = client().data(cache).get(
        _GetRequest.newBuilder().setCacheKey(bytes("k")).build()).getResult();
    client().control().deleteCache(_DeleteCacheRequest.newBuilder().setCacheName(cache).build());

    assertTrue(listed.contains(cache), "listed: " + listed);
    assertEquals(ECacheResult.Miss, afterFlush);
    refused(Status.Code.NOT_FOUND, () -> client().data(cache).get(
        _GetRequest.newBuilder().setCacheKey(bytes("k")).build()));
  }

  @Test
  void createCache_twice_isAlreadyExists_deleteMissing_isNotFound() {
    String cache = name();
    client().control().createCache(_CreateCacheRequest.newBuilder().setCacheName(cache).build());

    refused(Status.Code.ALREADY_EXISTS, () -> client().control().createCache(
        _CreateCacheRequest.newBuilder().setCacheName(cache).build()));
    refused(Status.Code.NOT_FOUND, () -> client().control().deleteCache(
        _DeleteCacheRequest.newBuilder().setCacheName(name()).build()));
  }

  @Test
  void missingCache_isNotFound_andNoCacheMetadata_isInvalidArgument() {
    StatusRuntimeException missing = refused(Status.Code.NOT_FOUND,
        () -> client().data(name()).set(set("k", "v")));
    StatusRuntimeException unnamed = refused(Status.Code.INVALID_ARGUMENT,
        () -> client().data(null).set(set("k", "v")));

    assertTrue(missing.getStatus().getDescription().contains("does not exist"));
    assertTrue(unnamed.getStatus().getDescription().contains("'cache' metadata"));
  }

  @Test
  void tokens_forgedOrMissing_areUnauthenticated_readOnly_isPermissionDenied() {
    String cache = server.newCache();
    String forged = server.defaultToken().substring(0, server.defaultToken().length() - 4) + "AAAA";
    String readOnly = server.token(CirrusServerExtension.ACCOUNT, Permission.READ);

    refused(Status.Code.UNAUTHENTICATED,
        () -> new MomentoClient(server.channel(), forged).data(cache).set(set("k", "v")));
    StatusRuntimeException none = refused(Status.Code.UNAUTHENTICATED,
        () -> new MomentoClient(server.channel(), null).data(cache).set(set("k", "v")));
    refused(Status.Code.PERMISSION_DENIED,
        () -> new MomentoClient(server.channel(), readOnly).data(cache).set(set("k", "v")));
    // The read-only token still reads.
    assertEquals(ECacheResult.Miss, new MomentoClient(server.channel(), readOnly).data(cache)
        .get(_GetRequest.newBuilder().setCacheKey(bytes("k")).build()).getResult());
    assertTrue(none.getStatus().getDescription().contains("API key"));
  }

  @Test
  void cacheScopedToken_reachesOnlyItsCaches_andListsOnlyThem() {
    String mine = server.newCache();
    String other = server.newCache();
    String scoped = server.server().tokens().issue(CirrusServerExtension.ACCOUNT,
        java.time.Duration.ofHours(1), java.util.EnumSet.allOf(Permission.class),
        dev.cirrus.server.auth.CacheScope.of(java.util.List.of(mine)));
    MomentoClient client = new MomentoClient(server.channel(), scoped);

    client.data(mine).set(set("k", "v"));
    StatusRuntimeException refused = refused(Status.Code.PERMISSION_DENIED,
        () -> client.data(other).set(set("k", "v")));
    var listed = client.control().listCaches(_ListCachesRequest.getDefaultInstance())
        .getCacheList().stream().map(_Cache::getCacheName).toList();

    assertTrue(refused.getStatus().getDescription().contains(other.substring(0, 20)),
        refused.getStatus().getDescription());
    assertEquals(java.util.List.of(mine), listed);
  }

  @Test
  void anotherAccountsCache_isNotFound() {
    String cache = server.newCache();
    String other = server.token(EmbeddedServer.freshAccount());

    refused(Status.Code.NOT_FOUND,
        () -> new MomentoClient(server.channel(), other).data(cache).set(set("k", "v")));
  }

  @Test
  void oversizedValue_andBatch_areLimitExceeded_withMomentosCause() {
    String cache = server.newCache();
    StatusRuntimeException value = refused(Status.Code.RESOURCE_EXHAUSTED,
        () -> client().data(cache).set(set("k", "x".repeat(1025))));

    assertEquals("item_size_limit_exceeded", value.getTrailers().get(MomentoClient.ERR));
    assertTrue(value.getStatus().getDescription().contains("1024"),
        value.getStatus().getDescription());
  }

  @Test
  void badRequests_areInvalidArgument() {
    String cache = server.newCache();
    client().data(cache).set(set("text", "abc"));

    refused(Status.Code.INVALID_ARGUMENT, () -> client().data(cache).increment(
        _IncrementRequest.newBuilder().setCacheKey(bytes("text")).setAmount(1)
            .setTtlMilliseconds(1000).build()));
    refused(Status.Code.INVALID_ARGUMENT, () -> client().data(cache).set(
        _SetRequest.newBuilder().setCacheKey(bytes("k")).setCacheBody(bytes("v")).build()));
  }

  @Test
  void ping_needsNoToken() {
    new MomentoClient(server.channel(), null).ping().ping(_PingRequest.getDefaultInstance());
  }

  @Test
  void unservedMomentoMethod_isUnimplemented_sayingWhatIsNotServed() {
    MethodDescriptor<InputStream, InputStream> dictionaryGet = raw("cache_client.Scs/DictionaryGet");

    StatusRuntimeException e = refused(Status.Code.UNIMPLEMENTED, () -> ClientCalls.blockingUnaryCall(
        server.channel(), dictionaryGet, CallOptions.DEFAULT, new ByteArrayInputStream(new byte[0])));

    String description = e.getStatus().getDescription();
    assertTrue(description.contains("cache_client.Scs/DictionaryGet")
        && description.contains("collections"), description);
  }

  @Test
  void malformedRequest_isInvalidArgument_namingTheMethod() {
    MethodDescriptor<InputStream, InputStream> get = raw("cache_client.Scs/Get");
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(MomentoClient.AUTHORIZATION, server.defaultToken());
    headers.put(MomentoClient.CACHE, server.newCache());
    // A field 1 (bytes) whose length runs past the end of the message.
    byte[] garbage = {0x0a, 0x7f, 0x01};

    StatusRuntimeException e = refused(Status.Code.INVALID_ARGUMENT, () -> ClientCalls.blockingUnaryCall(
        io.grpc.ClientInterceptors.intercept(server.channel(),
            io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)),
        get, CallOptions.DEFAULT, new ByteArrayInputStream(garbage)));

    assertTrue(e.getStatus().getDescription().contains("cache_client.Scs/Get"),
        e.getStatus().getDescription());
  }

  /** A unary method {@code fullName} that sends and receives bytes as they are. */
  private static MethodDescriptor<InputStream, InputStream> raw(String fullName) {
    return MethodDescriptor.<InputStream, InputStream>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(Raw.INSTANCE).setResponseMarshaller(Raw.INSTANCE).build();
  }

  private enum Raw implements MethodDescriptor.Marshaller<InputStream> {
    INSTANCE;

    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }
}
