package dev.cirrus.server.limits;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Limits at their defaults (64 KiB keys, 1 MiB values, 1000-item batches, 365-day TTLs). */
class LimitsTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();

  private static ByteString ofSize(int bytes) {
    return ByteString.copyFrom(new byte[bytes]);
  }

  @Test
  void valueOverLimit_invalidArgument_namingSizesAndFix_serverStaysHealthy() {
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.VALUE_TOO_LARGE,
        () -> server.data().set(SetRequest.newBuilder().setCache(cache)
            .setWrite(Write.newBuilder().setKey(bytes("k")).setValue(ofSize(2 * 1024 * 1024))).build()));

    assertEquals("value of 2097152 bytes is over the limit of 1048576 bytes; store smaller values"
        + " or raise --max-value-bytes", detail.getMessage());
    assertEquals("1048576", detail.getFactsMap().get("limit"));
    assertEquals("2097152", detail.getFactsMap().get("actual"));
    put(server.data(), cache, "after", "ok");
    assertTrue(get(server.data(), cache, "after").getFound());
  }

  @Test
  void valueAtLimit_accepted() {
    server.data().set(SetRequest.newBuilder().setCache(cache)
        .setWrite(Write.newBuilder().setKey(bytes("k")).setValue(ofSize(1024 * 1024))).build());
    assertEquals(1024 * 1024, get(server.data(), cache, "k").getValue().size());
  }

  @Test
  void keyOverLimit_keyTooLarge_onReadsAndWrites() {
    ByteString key = ofSize(64 * 1024 + 1);
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.KEY_TOO_LARGE, () -> server.data()
        .get(GetRequest.newBuilder().setCache(cache).setKey(key).build()));
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.KEY_TOO_LARGE,
        () -> server.data().set(SetRequest.newBuilder().setCache(cache)
            .setWrite(Write.newBuilder().setKey(key).setValue(bytes("v"))).build()));
    assertTrue(detail.getMessage().contains("--max-key-bytes"), detail.getMessage());
  }

  @Test
  void batchOverLimit_batchTooLarge() {
    GetBatchRequest.Builder gets = GetBatchRequest.newBuilder().setCache(cache);
    SetBatchRequest.Builder sets = SetBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < 1001; i++) {
      gets.addKeys(bytes("k" + i));
      sets.addWrites(write("k" + i, "v"));
    }
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.BATCH_TOO_LARGE,
        () -> server.data().getBatch(gets.build()));
    assertEquals("1000", detail.getFactsMap().get("limit"));
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.BATCH_TOO_LARGE,
        () -> server.data().setBatch(sets.build()));
    assertTrue(!get(server.data(), cache, "k0").getFound(), "a refused batch writes nothing");
  }

  @Test
  void ttlOverMaximum_or_negative_ttlOutOfRange() {
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.TTL_OUT_OF_RANGE, () ->
        set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofDays(366)))));
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.TTL_OUT_OF_RANGE, () ->
        set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofMillis(-1)))));
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofDays(365))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " leading", "trailing ", "tab\there", "new\nline", "nul\u0000"})
  void invalidCacheName_invalidCacheName(String name) {
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_CACHE_NAME,
        () -> server.control().createCache(CreateCacheRequest.newBuilder().setName(name).build()));
    assertTrue(detail.getMessage().startsWith("cache name '"), detail.getMessage());
  }

  @Test
  void cacheNameOverMaximumLength_invalidCacheName() {
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_CACHE_NAME, () ->
        server.control().createCache(CreateCacheRequest.newBuilder().setName("a".repeat(256)).build()));
    server.control().createCache(CreateCacheRequest.newBuilder().setName("a".repeat(255)).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "org.jsr107.tck.CacheTest", "com.example.domain.Customer",
      "com.example.Outer$Inner", "default-update-timestamps-region", "users::byId", "a", "Cache_1",
      "über-cache", "org.hibernate.cache.spi.QueryResultsRegion", "new cache", "other cache",
      "a/b\\c 'quoted'"})
  void plausibleJCacheNames_accepted(String name) {
    var created = server.control().createCache(
        CreateCacheRequest.newBuilder().setName(name).setIfAbsent(true).build());
    assertEquals(name, created.getCache().getName());
  }

  @Test
  void configOverLimit_refused() {
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST,
        () -> server.control().createCache(CreateCacheRequest.newBuilder().setName("big-config")
            .setClientConfig(ofSize(64 * 1024 + 1)).build()));
    assertEquals("65536", detail.getFactsMap().get("limit"));
  }
}
