package dev.cirrus.server.control;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.CacheInfo;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.CreateCacheResponse;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.FlushCacheRequest;
import dev.cirrus.proto.v1.ListCachesRequest;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlPlaneTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private static CreateCacheRequest create(String name) {
    return CreateCacheRequest.newBuilder().setName(name).build();
  }

  @Test
  void create_thenDescribe_keepsClientConfigVerbatim() {
    var config = bytes("{\"expiry\":\"10m\",\"statistics\":true}");
    CreateCacheResponse created = server.control().createCache(
        create("orders-config").toBuilder().setClientConfig(config).build());
    CacheInfo described = server.control().describeCache(
        DescribeCacheRequest.newBuilder().setName("orders-config").build()).getCache();

    assertTrue(created.getCreated());
    assertEquals(config, described.getClientConfig());
    assertEquals("orders-config", described.getName());
    assertEquals(server.clock().millis(), described.getCreatedAtMillis());
  }

  @Test
  void create_existing_alreadyExists_unlessIfAbsent() {
    server.control().createCache(create("twice").toBuilder().setClientConfig(bytes("first")).build());
    assertRefused(Status.Code.ALREADY_EXISTS, ErrorReason.CACHE_ALREADY_EXISTS,
        () -> server.control().createCache(create("twice")));

    CreateCacheResponse again = server.control().createCache(
        create("twice").toBuilder().setClientConfig(bytes("second")).setIfAbsent(true).build());
    assertFalse(again.getCreated());
    assertEquals(bytes("first"), again.getCache().getClientConfig());
  }

  @Test
  void describe_unknown_notFound_withActionableMessage() {
    ErrorDetail detail = assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND, () ->
        server.control().describeCache(DescribeCacheRequest.newBuilder().setName("orders").build()));
    assertEquals("cache 'orders' does not exist for account 'acme'; create it first with"
        + " CacheManager.createCache", detail.getMessage());
    assertEquals("orders", detail.getFactsMap().get("cache"));
  }

  @Test
  void dataPlane_unknownCache_notFound() {
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND,
        () -> get(server.data(), "never-created", "k"));
  }

  @Test
  void list_returnsOnlyThisAccountsCaches_sortedWithCounts() {
    var control = server.control(server.token("lister"));
    control.createCache(create("b"));
    control.createCache(create("a"));
    put(server.data(server.token("lister"), "c"), "a", "k", "v");

    List<CacheInfo> caches = control.listCaches(ListCachesRequest.getDefaultInstance()).getCachesList();
    assertEquals(List.of("a", "b"), caches.stream().map(CacheInfo::getName).toList());
    assertEquals(1, caches.get(0).getEntryCount());
    assertTrue(caches.get(0).getWeightBytes() > 0);
    assertEquals(0, caches.get(1).getEntryCount());
  }

  @Test
  void weight_followsEachUpdatesValueSize_andStaysForOneOfTheSameSize() {
    String cache = server.newCache();
    put(server.data(), cache, "k", "v");
    long first = weight(cache);
    assertTrue(first > 0);
    put(server.data(), cache, "k", "w");
    assertEquals(first, weight(cache), "a value replaced by one of the same size");
    put(server.data(), cache, "k", "twelve bytes");
    assertEquals(first + 11, weight(cache), "a value replaced by one 11 bytes longer");
    put(server.data(), cache, "k", "x");
    assertEquals(first, weight(cache), "and back to one byte");
    put(server.data(), cache, "k2", "x");
    assertEquals(2, server.control().describeCache(
        DescribeCacheRequest.newBuilder().setName(cache).build()).getCache().getEntryCount());
  }

  private long weight(String cache) {
    return server.control().describeCache(DescribeCacheRequest.newBuilder().setName(cache).build())
        .getCache().getWeightBytes();
  }

  @Test
  void flush_removesEntries_keepsCache() {
    String cache = server.newCache();
    put(server.data(), cache, "a", "1");
    put(server.data(), cache, "b", "2");
    assertEquals(2, server.control().flushCache(
        FlushCacheRequest.newBuilder().setName(cache).build()).getRemoved());
    assertFalse(get(server.data(), cache, "a").getFound());
    assertEquals(0, server.control().describeCache(
        DescribeCacheRequest.newBuilder().setName(cache).build()).getCache().getEntryCount());
  }

  @Test
  void delete_removesCacheAndEntries_secondDeleteReportsFalse_recreateStartsEmpty() {
    String cache = server.newCache();
    put(server.data(), cache, "k", "v");
    assertTrue(server.control().deleteCache(DeleteCacheRequest.newBuilder().setName(cache).build()).getDeleted());
    assertFalse(server.control().deleteCache(DeleteCacheRequest.newBuilder().setName(cache).build()).getDeleted());
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND, () -> get(server.data(), cache, "k"));

    server.control().createCache(create(cache));
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void describeServer_reportsVersionAccountAndLimits() {
    DescribeServerResponse response = server.control().describeServer(DescribeServerRequest.getDefaultInstance());
    assertEquals(CirrusServer.VERSION, response.getServerVersion());
    assertEquals("acme", response.getAccount());
    assertEquals(1024 * 1024, response.getLimits().getMaxValueBytes());
    assertEquals(64 * 1024, response.getLimits().getMaxKeyBytes());
    assertEquals(1000, response.getLimits().getMaxBatchSize());
    assertEquals(255, response.getLimits().getMaxCacheNameLength());
  }

  @Test
  void create_isFast() {
    var control = server.control(server.token("fast"));
    for (int i = 0; i < 20; i++) { // warm-up
      control.createCache(create("warm" + i));
    }
    long start = System.nanoTime();
    int n = 100;
    for (int i = 0; i < n; i++) {
      control.createCache(create("fast" + i));
    }
    double perCallMillis = (System.nanoTime() - start) / 1e6 / n;
    // Over Redis a create is three round trips to the cluster (look-up, count, write) where the
    // in-memory store makes none; the bound says "no per-create setup of the cache's buckets".
    double bound = CirrusServerExtension.onRedis() ? 25 : 5;
    assertTrue(perCallMillis < bound, "create took " + perCallMillis + " ms per call");
  }
}
