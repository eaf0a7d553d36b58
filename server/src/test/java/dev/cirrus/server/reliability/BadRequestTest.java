package dev.cirrus.server.reliability;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.removal;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc.DataPlaneBlockingStub;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Well-formed requests with values out of bounds, on every field that carries them (LimitsTest
 * covers the main cases once): each is refused with INVALID_ARGUMENT and the reason, changes
 * nothing, and leaves the server serving.
 */
class BadRequestTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();

  @AfterEach
  void serverStillServes() {
    put(server.data(), cache, "after", "ok");
    assertTrue(get(server.data(), cache, "after").getFound());
  }

  /** Every request field that carries a TTL, set by the consumer to the given TTL. */
  static Stream<Arguments> ttlFields() {
    return Stream.of(
        field("Get.access_ttl", (d, c, t) -> d.get(GetRequest.newBuilder().setCache(c)
            .setKey(bytes("k")).setAccessTtl(t).build())),
        field("GetBatch.access_ttl", (d, c, t) -> d.getBatch(GetBatchRequest.newBuilder().setCache(c)
            .addKeys(bytes("k")).setAccessTtl(t).build())),
        field("Touch.ttl", (d, c, t) -> d.touch(TouchRequest.newBuilder().setCache(c)
            .setKey(bytes("k")).setTtl(t).build())),
        field("Write.create_ttl", (d, c, t) -> d.set(SetRequest.newBuilder().setCache(c)
            .setWrite(write("k", "v").setCreateTtl(t)).build())),
        field("Write.update_ttl", (d, c, t) -> d.set(SetRequest.newBuilder().setCache(c)
            .setWrite(write("k", "v").setUpdateTtl(t)).build())),
        field("Write.not_applied_access_ttl", (d, c, t) -> d.set(SetRequest.newBuilder().setCache(c)
            .setWrite(write("k", "v").setNotAppliedAccessTtl(t)).build())),
        field("SetBatch[1].create_ttl", (d, c, t) -> d.setBatch(SetBatchRequest.newBuilder()
            .setCache(c).addWrites(write("k0", "v")).addWrites(write("k", "v").setCreateTtl(t)).build())),
        field("Removal.not_applied_access_ttl", (d, c, t) -> d.delete(DeleteRequest.newBuilder()
            .setCache(c).setRemoval(removal("k").setNotAppliedAccessTtl(t)).build())),
        field("DeleteBatch[0].not_applied_access_ttl", (d, c, t) -> d.deleteBatch(
            DeleteBatchRequest.newBuilder().setCache(c)
                .addRemovals(removal("k").setNotAppliedAccessTtl(t)).build())),
        field("Scan.access_ttl", (d, c, t) -> d.scan(ScanRequest.newBuilder().setCache(c)
            .setAccessTtl(t).build())));
  }

  @FunctionalInterface
  interface TtlCall {
    void call(DataPlaneBlockingStub data, String cache, Ttl ttl);
  }

  private static Arguments field(String name, TtlCall call) {
    return Arguments.of(name, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ttlFields")
  void ttlOverTheMaximum_ttlOutOfRange(String field, TtlCall call) {
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.TTL_OUT_OF_RANGE,
        () -> call.call(server.data(), cache, ttl(Duration.ofDays(366))));
    assertEquals(Long.toString(Duration.ofDays(365).toMillis()), detail.getFactsMap().get("limit"));
    assertFalse(get(server.data(), cache, "k0").getFound(), "a refused batch writes nothing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ttlFields")
  void negativeTtl_ttlOutOfRange(String field, TtlCall call) {
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.TTL_OUT_OF_RANGE,
        () -> call.call(server.data(), cache, ttl(Duration.ofMillis(-1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ttlFields")
  void unknownTtlMode_invalidRequest_namingTheField(String field, TtlCall call) {
    Ttl unknown = Ttl.newBuilder().setModeValue(99).setMillis(1).build();
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST,
        () -> call.call(server.data(), cache, unknown));
    assertTrue(detail.getMessage().startsWith("Ttl.mode 99 is not known"), detail.getMessage());
  }

  @Test
  void unknownConditions_invalidRequest() {
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST, () -> server.data()
        .set(SetRequest.newBuilder().setCache(cache).setWrite(write("k", "v").setConditionValue(42)).build()));
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST, () -> server.data()
        .delete(DeleteRequest.newBuilder().setCache(cache).setRemoval(removal("k").setConditionValue(42)).build()));
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void deleteBatchOverTheLimit_batchTooLarge_deletesNothing() {
    put(server.data(), cache, "k0", "v");
    DeleteBatchRequest.Builder batch = DeleteBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < 1001; i++) {
      batch.addRemovals(removal("k" + i));
    }
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.BATCH_TOO_LARGE,
        () -> server.data().deleteBatch(batch.build()));
    assertTrue(get(server.data(), cache, "k0").getFound());
  }

  @Test
  void oversizedKeyOrValue_inEveryPosition_refused() {
    ByteString bigKey = ByteString.copyFrom(new byte[64 * 1024 + 1]);
    ByteString bigValue = ByteString.copyFrom(new byte[1024 * 1024 + 1]);
    refuse(ErrorReason.KEY_TOO_LARGE, () -> server.data().contains(
        ContainsRequest.newBuilder().setCache(cache).setKey(bigKey).build()));
    refuse(ErrorReason.KEY_TOO_LARGE, () -> server.data().touch(
        TouchRequest.newBuilder().setCache(cache).setKey(bigKey).setTtl(ttl(Duration.ofMinutes(1))).build()));
    refuse(ErrorReason.KEY_TOO_LARGE, () -> server.data().getBatch(
        GetBatchRequest.newBuilder().setCache(cache).addKeys(bytes("ok")).addKeys(bigKey).build()));
    refuse(ErrorReason.KEY_TOO_LARGE, () -> server.data().delete(DeleteRequest.newBuilder()
        .setCache(cache).setRemoval(removal("k").setKey(bigKey)).build()));
    refuse(ErrorReason.VALUE_TOO_LARGE, () -> server.data().set(SetRequest.newBuilder()
        .setCache(cache).setWrite(write("k", "v").setExpectedValue(bigValue)).build()));
    refuse(ErrorReason.VALUE_TOO_LARGE, () -> server.data().delete(DeleteRequest.newBuilder()
        .setCache(cache).setRemoval(removal("k").setExpectedValue(bigValue)).build()));
    refuse(ErrorReason.VALUE_TOO_LARGE, () -> server.data().setBatch(SetBatchRequest.newBuilder()
        .setCache(cache).addWrites(write("first", "v"))
        .addWrites(write("k", "v").setValue(bigValue)).build()));
    assertFalse(get(server.data(), cache, "first").getFound(), "a refused batch writes nothing");
  }

  private static void refuse(ErrorReason reason, org.junit.jupiter.api.function.Executable call) {
    assertRefused(Status.Code.INVALID_ARGUMENT, reason, call);
  }

  @Test
  void negativeScanLimit_invalidRequest() {
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST,
        () -> server.data().scan(ScanRequest.newBuilder().setCache(cache).setLimit(-1).build()));
  }

  @Test
  void megabyteCacheName_onDataCall_notFound_withAShortMessage() {
    String name = "x".repeat(1024 * 1024);
    ErrorDetail detail = assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND,
        () -> get(server.data(), name, "k"));
    assertTrue(detail.getMessage().length() < 300, "message of " + detail.getMessage().length());
    assertTrue(detail.getFactsMap().get("cache").length() <= 81);
  }

  @Test
  void megabyteCacheName_onCreate_invalidCacheName_withAShortMessage() {
    String name = "x".repeat(1024 * 1024);
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_CACHE_NAME,
        () -> server.control().createCache(CreateCacheRequest.newBuilder().setName(name).build()));
    assertTrue(detail.getMessage().length() < 400, "message of " + detail.getMessage().length());
  }

  @Test
  void messageOverTheTransportLimit_resourceExhausted() {
    ByteString huge = ByteString.copyFrom(new byte[17 * 1024 * 1024]);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.data()
        .set(SetRequest.newBuilder().setCache(cache).setWrite(write("k", "v").setValue(huge)).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e::toString);
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void unknownCache_onEveryDataCall_notFound() {
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND,
        () -> put(server.data(), "never-created", "k", "v"));
  }

  @Test
  void cacheNameWithLineBreaks_isQuotedOnOneLine() {
    String forged = "x\n\tat dev.cirrus.server.Forged.line(Forged.java:1)";
    ErrorDetail detail = assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND,
        () -> get(server.data(), forged, "k"));
    assertFalse(detail.getMessage().contains("\n") || detail.getMessage().contains("\t"),
        detail.getMessage());
    assertTrue(detail.getMessage().contains("x\uFFFD\uFFFDat dev.cirrus"), detail.getMessage());
  }
}
