package dev.cirrus.server.auth;

import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CacheCalls;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import io.grpc.Status;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One account never reaches another's caches, on any call: a stranger naming the owner's cache
 * finds nothing, changes nothing, and hears nothing.
 */
class AccountIsolationTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String owner = server.token("owner-" + UUID.randomUUID());
  private final String stranger = server.token("stranger-" + UUID.randomUUID());
  private final String cache = "shared-name-" + UUID.randomUUID();

  private static CacheCalls.Stubs stubs(String token) {
    return new CacheCalls.Stubs(server.control(token), server.data(token, CLIENT_ID));
  }

  private void ownerHasCacheWithEntry() {
    stubs(owner).control().createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    put(stubs(owner).data(), cache, "k", "owner's");
  }

  private void assertOwnerUntouched() {
    assertEquals(bytes("owner's"), get(stubs(owner).data(), cache, "k").getValue());
    assertEquals(1, stubs(owner).control().describeCache(
        DescribeCacheRequest.newBuilder().setName(cache).build()).getCache().getEntryCount());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cirrus.server.testing.CacheCalls#dataPlane")
  void stranger_dataPlaneCall_onOwnersCache_notFound_ownerUntouched(
      String method, CacheCalls.Call call) {
    ownerHasCacheWithEntry();
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND,
        () -> call.on(stubs(stranger), cache));
    assertOwnerUntouched();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cirrus.server.testing.CacheCalls#dataPlane")
  void stranger_withASameNamedCacheOfItsOwn_reachesOnlyItsOwn(String method, CacheCalls.Call call)
      throws Exception {
    ownerHasCacheWithEntry();
    stubs(stranger).control().createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    call.on(stubs(stranger), cache);
    assertOwnerUntouched();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cirrus.server.testing.CacheCalls#controlPlane")
  void stranger_controlPlaneCall_onOwnersCache_neverReachesIt(String method, CacheCalls.Call call) {
    ownerHasCacheWithEntry();
    try {
      call.on(stubs(stranger), cache);
    } catch (io.grpc.StatusRuntimeException e) {
      assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e::toString);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertOwnerUntouched();
  }

  @Test
  void strangersChangeStream_onSameName_hearsNoneOfTheOwnersChanges() throws Exception {
    ownerHasCacheWithEntry();
    stubs(stranger).control().createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    DataPlaneGrpc.DataPlaneStub async = DataPlaneGrpc.newStub(server.channel())
        .withCallCredentials(new BearerToken(stranger, "stranger-client"));
    try (EventRecorder events = EventRecorder.subscribe(async,
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      put(stubs(owner).data(), cache, "k2", "secret");
      assertNull(events.poll(Duration.ofMillis(300)), "the stranger heard the owner's write");
    }
  }

  @Test
  void ownersScanCursor_isRefused_onTheStrangersSameNamedCache() {
    ownerHasCacheWithEntry();
    for (int i = 0; i < 5; i++) {
      put(stubs(owner).data(), cache, "k" + i, "v");
    }
    ByteString cursor = stubs(owner).data().scan(ScanRequest.newBuilder().setCache(cache).setLimit(2)
        .build()).getNextCursor();
    stubs(stranger).control().createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST, () -> stubs(stranger)
        .data().scan(ScanRequest.newBuilder().setCache(cache).setCursor(cursor).build()));
  }
}
