package dev.cirrus.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeEvent;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.ChangeType;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Internals of the in-memory store that the protocol cannot show directly. */
class InMemoryCacheStoreTest {
  private static final CacheId CACHE = new CacheId("acme", "c");

  private final ManualClock clock = new ManualClock();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ChangeFeed feed = new ChangeFeed(Runnable::run, scheduler, 1_000);
  private InMemoryCacheStore store;

  private InMemoryCacheStore store(long budget) {
    store = new InMemoryCacheStore(clock, budget, 0, Duration.ofHours(1), feed, scheduler);
    store.create(CACHE, ByteString.EMPTY, false);
    return store;
  }

  @AfterEach
  void tearDown() {
    store.close();
    scheduler.shutdownNow();
  }

  private static ByteString key(int i) {
    return ByteString.copyFromUtf8("key-" + i);
  }

  private static final class Events implements ChangeSink {
    final List<ChangeEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void send(ChangeEvent event, long sequence) {
      events.add(event);
    }

    @Override
    public void complete() {}

    @Override
    public void fail(CirrusException error) {}
  }

  @Test
  void overBudget_evictsSilently_countsAndWeightFollow() throws InterruptedException {
    InMemoryCacheStore s = store(200_000);
    Events events = new Events();
    s.subscribe(CACHE, events, 0);
    ByteString value = ByteString.copyFrom(new byte[1_000]);
    for (int i = 0; i < 1_000; i++) {
      s.set(CACHE, WriteRequest.put(key(i), value), "w");
    }
    // Caffeine evicts in its maintenance cycle; wait for it boundedly.
    CacheInfo info = s.describe(CACHE).orElseThrow();
    for (int i = 0; i < 100 && info.weightBytes() > 200_000; i++) {
      Thread.sleep(20);
      info = s.describe(CACHE).orElseThrow();
    }
    assertTrue(info.weightBytes() <= 200_000, "weight " + info.weightBytes());
    assertTrue(info.entryCount() < 1_000 && info.entryCount() > 0, "entries " + info.entryCount());
    long perEntry = 1_000 + CacheSlot.ENTRY_OVERHEAD_BYTES;
    assertTrue(info.weightBytes() >= info.entryCount() * (perEntry + 5)
        && info.weightBytes() <= info.entryCount() * (perEntry + 7), "weight " + info.weightBytes());
    assertTrue(events.events.stream().noneMatch(e -> e.type() == ChangeType.REMOVED
        || e.type() == ChangeType.EXPIRED), "evictions publish nothing");
  }

  @Test
  void sweep_reportsEachExpiredEntryOnce_withEmptyWriter() {
    InMemoryCacheStore s = store(1 << 30);
    Events events = new Events();
    s.subscribe(CACHE, events, 0);
    for (int i = 0; i < 5; i++) {
      s.set(CACHE, new WriteRequest(key(i), ByteString.EMPTY, WriteCondition.ALWAYS, ByteString.EMPTY,
          0, TtlSpec.ofMillis(1_000), TtlSpec.DEFAULT, TtlSpec.DEFAULT, false), "w");
    }
    clock.advance(Duration.ofSeconds(1));
    s.sweep();
    s.sweep();

    List<ChangeEvent> expired = events.events.stream()
        .filter(e -> e.type() == ChangeType.EXPIRED).toList();
    assertEquals(5, expired.size());
    assertTrue(expired.stream().allMatch(e -> e.writerClientId().isEmpty()));
    assertEquals(0, s.describe(CACHE).orElseThrow().entryCount());
  }

  private static WriteRequest putWithTtl(ByteString key, ByteString value, long ttlMillis) {
    return new WriteRequest(key, value, WriteCondition.ALWAYS, ByteString.EMPTY, 0,
        TtlSpec.ofMillis(ttlMillis), TtlSpec.DEFAULT, TtlSpec.DEFAULT, false);
  }

  @Test
  void removedEntries_takeTheirSweepMarksWithThem() {
    InMemoryCacheStore s = store(1 << 30);
    for (int i = 0; i < 1_000; i++) {
      s.set(CACHE, putWithTtl(key(i), ByteString.EMPTY, Duration.ofDays(1).toMillis()), "w");
    }
    assertEquals(1_000, s.sweepMarks(CACHE));
    for (int i = 0; i < 1_000; i++) {
      s.remove(CACHE, RemoveRequest.always(key(i)), "w");
    }
    // Marks would otherwise hold every removed key's bytes until its day-long TTL was due.
    assertEquals(0, s.sweepMarks(CACHE));
    s.set(CACHE, putWithTtl(key(1), ByteString.EMPTY, 60_000), "w");
    s.clear(CACHE, "w");
    assertEquals(0, s.sweepMarks(CACHE));
  }

  @Test
  void evictedEntries_takeTheirSweepMarksWithThem() throws InterruptedException {
    InMemoryCacheStore s = store(200_000);
    ByteString value = ByteString.copyFrom(new byte[1_000]);
    for (int i = 0; i < 1_000; i++) {
      s.set(CACHE, putWithTtl(key(i), value, Duration.ofDays(1).toMillis()), "w");
    }
    CacheInfo info = s.describe(CACHE).orElseThrow();
    for (int i = 0; i < 100 && info.weightBytes() > 200_000; i++) {
      Thread.sleep(20);
      info = s.describe(CACHE).orElseThrow();
    }
    assertTrue(info.entryCount() < 1_000, "entries " + info.entryCount());
    assertEquals(info.entryCount(), s.sweepMarks(CACHE));
  }

  @Test
  void laterExpiries_reuseThePendingSweepMark_earlierOnesMoveIt() {
    store(1 << 30);
    CacheSlot slot = new CacheSlot(CACHE, ByteString.EMPTY, 0, 0, feed.newTopic(), AccountQuota.NONE);
    ByteString k = key(1);
    StoredEntry entry = slot.settle(k, null, StoredEntry.create(ByteString.EMPTY, 1, 10_000));
    for (int i = 1; i <= 1_000; i++) {
      entry = slot.settle(k, entry, entry.withExpiry(10_000 + i)); // access TTL on every read
    }
    assertEquals(1, slot.expiries.size());
    assertEquals(10_000, entry.markedAt());

    entry = slot.settle(k, entry, entry.withExpiry(5_000));
    assertEquals(1, slot.expiries.size());
    assertEquals(5_000, entry.markedAt());
  }

  @Test
  void deleteAndRecreate_startsEmpty_oldEntriesUnreachable() {
    InMemoryCacheStore s = store(1 << 30);
    s.set(CACHE, WriteRequest.put(key(1), ByteString.copyFromUtf8("v")), "w");
    assertTrue(s.delete(CACHE));
    s.create(CACHE, ByteString.EMPTY, false);
    assertFalse(s.get(CACHE, key(1), TtlSpec.DEFAULT, "r").found());
    assertEquals(0, s.describe(CACHE).orElseThrow().entryCount());
  }
}
