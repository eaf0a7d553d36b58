package dev.cirrus.server.store.redis;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import dev.cirrus.server.testing.Requests;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Gets over Redis that leave entries as they are (no access TTL to apply) read the stored entries
 * without a script: one MGET per bucket, a master's written together for a batch. What they find
 * expired they answer as a miss and remove with EXPIRED published once, as a script's read does.
 * An entry is
 * made to look expired here by writing its stored form with an expiry in the past and no row in
 * the expiry index, so the node's sweeper (which walks that index) cannot remove it first.
 */
class PlainReadsTest {
  private static final EmbeddedRedisCluster REDIS = EmbeddedRedisCluster.shared();

  @RegisterExtension
  static final CirrusServerExtension SERVER =
      new CirrusServerExtension(b -> b.redisStore(REDIS.target()));

  private final String cache = SERVER.newCache();
  private final String prefix = "p-" + System.nanoTime() + "-";

  @Test
  void aGetOfAnEntryFoundExpired_missesRemovesItAndPublishesExpiredOnce() throws Exception {
    String key = prefix + "k";
    WriteResult written = Requests.put(SERVER.data(), cache, key, "old");
    try (EventRecorder events = EventRecorder.subscribe(SERVER.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      StoredEntry entry = expireInPlace(key, written.getVersion(), "old");

      ReadResult first = get(key);
      assertFalse(first.getFound());
      assertTrue(first.hasExpired(), "the read that removed the entry answers it as expired");
      assertEquals(bytes("old"), first.getExpired().getValue());
      assertEquals(written.getVersion(), first.getExpired().getVersion());
      assertEquals("0", REDIS.cli(entry.port(), "EXISTS", entry.name()), "the entry is removed");

      ChangeEvent expired = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_EXPIRED, expired.getType());
      assertEquals(bytes(key), expired.getKey());
      assertEquals(bytes("old"), expired.getOldValue());
      assertEquals(written.getVersion(), expired.getVersion());

      ReadResult second = get(key);
      assertFalse(second.getFound());
      assertFalse(second.hasExpired(), "a second read finds nothing to expire");
      assertNoChange(events);
    }
  }

  @Test
  void aBatchWithAnEntryFoundExpired_answersTheOthersAndRemovesItOnce() throws Exception {
    List<String> keys = new ArrayList<>();
    List<WriteResult> written = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add(prefix + i);
      written.add(Requests.put(SERVER.data(), cache, prefix + i, "v" + i));
    }
    try (EventRecorder events = EventRecorder.subscribe(SERVER.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      expireInPlace(keys.get(7), written.get(7).getVersion(), "v7");
      GetBatchRequest.Builder batch = GetBatchRequest.newBuilder().setCache(cache);
      keys.forEach(k -> batch.addKeys(bytes(k)));
      // The expired key twice: read once, answered alike in both places.
      batch.addKeys(bytes(keys.get(7)));

      List<ReadResult> read = SERVER.data().getBatch(batch.build()).getResultsList();

      for (int i = 0; i < keys.size(); i++) {
        if (i == 7) {
          continue;
        }
        assertTrue(read.get(i).getFound(), keys.get(i));
        assertEquals(bytes("v" + i), read.get(i).getValue(), keys.get(i));
        assertEquals(written.get(i).getVersion(), read.get(i).getVersion(), keys.get(i));
      }
      for (ReadResult expired : List.of(read.get(7), read.get(keys.size()))) {
        assertFalse(expired.getFound());
        assertEquals(bytes("v7"), expired.getExpired().getValue());
      }
      ChangeEvent event = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_EXPIRED, event.getType());
      assertEquals(bytes(keys.get(7)), event.getKey());
      assertNoChange(events);
      assertFalse(get(keys.get(7)).getFound());
    }
  }

  @Test
  void anEntryNotStoredInThisForm_isRefusedNamingTheFix() throws Exception {
    String key = prefix + "odd";
    Requests.put(SERVER.data(), cache, key, "v");
    StoredEntry entry = find(key);
    REDIS.cli(entry.port(), "SET", entry.name(), "not an entry");

    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> get(key));

    assertEquals(Status.Code.INTERNAL, refused.getStatus().getCode());
    String description = refused.getStatus().getDescription();
    assertTrue(description.contains("not written by this version of Cirrus")
        && description.contains("flush"), description);
  }

  // ---- fixture ----

  private record StoredEntry(int port, String name) {}

  /** Where Redis holds {@code key}'s entry in the test's cache. */
  private StoredEntry find(String key) throws Exception {
    for (int master : REDIS.masters()) {
      String names = REDIS.cli(master, "--scan", "--pattern", "cirrus:*:e:" + key).strip();
      if (!names.isEmpty()) {
        assertEquals(1, names.lines().count(), names);
        return new StoredEntry(master, names);
      }
    }
    throw new AssertionError("no entry for " + key + " on any master");
  }

  /**
   * Stores {@code key}'s entry again as it is, but with an expiry a second ago (the form
   * prelude.lua's pack writes: version, expiry, value) and no expiry index row.
   */
  private StoredEntry expireInPlace(String key, long version, String value) throws Exception {
    StoredEntry entry = find(key);
    String packed = version + ":" + (System.currentTimeMillis() - 1_000) + ":" + value;
    assertEquals("OK", REDIS.cli(entry.port(), "SET", entry.name(), packed).strip());
    return entry;
  }

  private ReadResult get(String key) {
    return SERVER.data().get(GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build())
        .getResult();
  }

  private static void assertNoChange(EventRecorder events) throws InterruptedException {
    ChangeEvent more;
    while ((more = events.poll(Duration.ofMillis(300))) != null) {
      assertEquals(ChangeType.CHANGE_TYPE_HEARTBEAT, more.getType(), "one more event: " + more);
    }
    assertNull(more);
  }
}
