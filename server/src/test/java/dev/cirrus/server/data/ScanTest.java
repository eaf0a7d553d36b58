package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.delete;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.removal;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.ScanEntry;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScanTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();

  private ScanResponse page(ByteString cursor, int limit, boolean values, Ttl accessTtl) {
    ScanRequest.Builder request = ScanRequest.newBuilder().setCache(cache).setCursor(cursor)
        .setLimit(limit).setIncludeValues(values);
    if (accessTtl != null) {
      request.setAccessTtl(accessTtl);
    }
    return server.data().scan(request.build());
  }

  /** Every page of a full scan, calling {@code between} after each page. */
  private List<ScanEntry> scanAll(int limit, boolean values, Ttl accessTtl, Runnable between) {
    List<ScanEntry> all = new ArrayList<>();
    ByteString cursor = ByteString.EMPTY;
    int pages = 0;
    do {
      ScanResponse response = page(cursor, limit, values, accessTtl);
      assertTrue(response.getEntriesCount() <= limit);
      all.addAll(response.getEntriesList());
      cursor = response.getNextCursor();
      between.run();
      assertTrue(++pages < 1_000, "scan does not end");
    } while (!cursor.isEmpty());
    return all;
  }

  @Test
  void scan_emptyCache_onePageNoCursor() {
    ScanResponse response = page(ByteString.EMPTY, 10, true, null);
    assertEquals(0, response.getEntriesCount());
    assertTrue(response.getNextCursor().isEmpty());
  }

  @Test
  void scan_pagesThroughEveryKeyExactlyOnce_withValuesAndVersions() {
    for (int i = 0; i < 250; i++) {
      put(server.data(), cache, "k" + i, "v" + i);
    }
    List<ScanEntry> all = scanAll(100, true, null, () -> {});

    assertEquals(250, all.size());
    Set<String> keys = new HashSet<>();
    for (ScanEntry e : all) {
      String key = e.getKey().toStringUtf8();
      assertTrue(keys.add(key), "returned twice: " + key);
      assertEquals("v" + key.substring(1), e.getValue().toStringUtf8());
      assertEquals(get(server.data(), cache, key).getVersion(), e.getVersion());
    }
  }

  @Test
  void scan_withoutValues_returnsKeysOnly() {
    put(server.data(), cache, "k", "v");
    ScanEntry entry = page(ByteString.EMPTY, 10, false, null).getEntries(0);
    assertEquals(bytes("k"), entry.getKey());
    assertTrue(entry.getValue().isEmpty());
  }

  @Test
  void scan_keysPresentThroughout_returnedOnce_despiteConcurrentWrites() {
    for (int i = 0; i < 60; i++) {
      put(server.data(), cache, "stable" + i, "v");
    }
    int[] round = {0};
    List<ScanEntry> all = scanAll(7, false, null, () -> {
      int r = round[0]++;
      put(server.data(), cache, "new" + r, "v");
      put(server.data(), cache, "stable" + (r % 60), "rewritten");
    });
    Set<String> seen = new HashSet<>();
    for (ScanEntry e : all) {
      assertTrue(seen.add(e.getKey().toStringUtf8()), "duplicate " + e.getKey().toStringUtf8());
    }
    for (int i = 0; i < 60; i++) {
      assertTrue(seen.contains("stable" + i), "missing stable" + i);
    }
  }

  @Test
  void scan_skipsExpiredAndDeletedEntries() {
    put(server.data(), cache, "live", "v");
    set(server.data(), cache, write("short", "v").setCreateTtl(ttl(Duration.ofSeconds(1))));
    put(server.data(), cache, "gone", "v");
    ScanResponse first = page(ByteString.EMPTY, 1, false, null);
    delete(server.data(), cache, removal("gone"));
    server.clock().advance(Duration.ofSeconds(1));

    Set<String> keys = new HashSet<>();
    first.getEntriesList().forEach(e -> keys.add(e.getKey().toStringUtf8()));
    ByteString cursor = first.getNextCursor();
    while (!cursor.isEmpty()) {
      ScanResponse next = page(cursor, 1, false, null);
      next.getEntriesList().forEach(e -> keys.add(e.getKey().toStringUtf8()));
      cursor = next.getNextCursor();
    }
    keys.remove(first.getEntries(0).getKey().toStringUtf8());
    assertFalse(keys.contains("short"));
    assertFalse(keys.contains("gone"));
  }

  @Test
  void scan_accessTtl_appliedToReturnedEntries() {
    put(server.data(), cache, "k", "v");
    scanAll(10, false, ttl(Duration.ofSeconds(1)), () -> {});
    server.clock().advance(Duration.ofSeconds(1));
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void scan_limitZero_usesServerDefault_andOverLimitIsCapped() {
    for (int i = 0; i < 150; i++) {
      put(server.data(), cache, "k" + i, "v");
    }
    int defaultPage = page(ByteString.EMPTY, 0, false, null).getEntriesCount();
    assertTrue(defaultPage > 0 && defaultPage < 150, "default page " + defaultPage);
  }

  @Test
  void scan_unknownCursor_invalidRequest() {
    put(server.data(), cache, "k", "v");
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST,
        () -> page(bytes("not a cursor"), 10, false, null));
  }

  @Test
  void scan_cursorOfAnotherCache_refused() {
    for (int i = 0; i < 5; i++) {
      put(server.data(), cache, "k" + i, "v");
    }
    ByteString cursor = page(ByteString.EMPTY, 2, false, null).getNextCursor();
    String other = server.newCache();
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST, () ->
        server.data().scan(ScanRequest.newBuilder().setCache(other).setCursor(cursor).build()));
  }

  @Test
  void scan_keepsNoStatePerScan_abandonedScansCostNothing_andNoneExpires() {
    for (int i = 0; i < 5; i++) {
      put(server.data(), cache, "k" + i, "v");
    }
    ScanResponse first = page(ByteString.EMPTY, 2, false, null);
    // Ten thousand abandoned iterations (more than a server-side table of scans would hold)
    // and a long pause: the first iteration still continues where it was.
    for (int i = 0; i < 10_001; i++) {
      page(ByteString.EMPTY, 1, false, null);
    }
    server.clock().advance(Duration.ofHours(1));
    Set<String> keys = new HashSet<>();
    first.getEntriesList().forEach(e -> keys.add(e.getKey().toStringUtf8()));
    ByteString cursor = first.getNextCursor();
    while (!cursor.isEmpty()) {
      ScanResponse next = page(cursor, 2, false, null);
      next.getEntriesList().forEach(e -> keys.add(e.getKey().toStringUtf8()));
      cursor = next.getNextCursor();
    }
    assertEquals(Set.of("k0", "k1", "k2", "k3", "k4"), keys);
  }

  @Test
  void scan_cursorOfADeletedCacheOfTheSameName_refused() {
    put(server.data(), cache, "a", "v");
    put(server.data(), cache, "b", "v");
    ByteString cursor = page(ByteString.EMPTY, 1, false, null).getNextCursor();
    server.control().deleteCache(DeleteCacheRequest.newBuilder().setName(cache).build());
    server.control().createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    put(server.data(), cache, "a", "v");
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST,
        () -> page(cursor, 10, false, null));
  }
}
