package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeEvent;
import dev.cirrus.server.feed.ChangeTopic;
import dev.cirrus.server.feed.ChangeType;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-cache state of the in-memory store: identity and configuration, the version counter, the
 * key index (for scan, clear and counts without walking other caches' entries), the sweep marks,
 * the weight, and the change topic.
 *
 * <p>Concurrency: {@link #settle} runs inside Caffeine's atomic compute for the key, so the index,
 * weight and marks change atomically with the entry; evictions reach {@link #evicted} from
 * Caffeine's eviction listener, which runs inside the atomic eviction. Fields are concurrent
 * collections or atomics; nothing here takes a lock.
 */
final class CacheSlot {
  /** Bookkeeping bytes per entry besides key and value: map node, records, index entry. */
  static final int ENTRY_OVERHEAD_BYTES = 160;

  final CacheId id;
  final ByteString clientConfig;
  final long createdAtMillis;
  final ChangeTopic topic;
  final ExpiryIndex expiries = new ExpiryIndex();
  /** The owning account's share of the memory budget ({@link AccountQuota#NONE} without one). */
  final AccountQuota quota;
  /** This cache's keys in byte order, so a scan continues after a key (see {@link ScanCursor}). */
  private final ConcurrentSkipListSet<ByteString> keys =
      new ConcurrentSkipListSet<>(ByteString.unsignedLexicographicalComparator());
  /** The skip list's size() walks it; counted apart, with the keys. */
  private final AtomicLong keyCount = new AtomicLong();
  /** Names this cache (not an earlier one of the same name) in its scan cursors. */
  final long scanTag = ThreadLocalRandom.current().nextLong();
  private final AtomicLong versions = new AtomicLong();
  private final AtomicLong weight = new AtomicLong();
  private volatile boolean deleted;

  /**
   * @param firstVersion the counter's start: the cache's first write gets the next version, so
   *     it must exceed every version an earlier cache of this name handed out
   */
  CacheSlot(CacheId id, ByteString clientConfig, long createdAtMillis, long firstVersion,
      ChangeTopic topic, AccountQuota quota) {
    this.quota = requireNonNull(quota, "quota");
    this.id = requireNonNull(id, "id");
    this.clientConfig = requireNonNull(clientConfig, "clientConfig");
    this.createdAtMillis = createdAtMillis;
    this.versions.set(firstVersion);
    this.topic = requireNonNull(topic, "topic");
  }

  static int weigh(ByteString key, StoredEntry entry) {
    return entry == null ? 0 : key.size() + entry.value().size() + ENTRY_OVERHEAD_BYTES;
  }

  long nextVersion() {
    return versions.incrementAndGet();
  }

  /** The last version handed out (the start when none was). */
  long lastVersion() {
    return versions.get();
  }

  /**
   * Records the change from {@code before} to {@code after} for {@code key}; returns the entry to
   * store (with its sweep mark registered when its expiry moved earlier than the pending mark).
   */
  StoredEntry settle(ByteString key, StoredEntry before, StoredEntry after) {
    StoredEntry stored = after;
    if (stored != null && stored.expiresAt() < stored.markedAt()) {
      expiries.add(key, stored.expiresAt());
      stored = stored.withMarkedAt(stored.expiresAt());
    }
    // The entry's earlier mark goes when the entry goes or is marked anew (no-op when the sweeper
    // already took it), so a key never holds more than one.
    if (before != null && before.markedAt() != TtlSpec.NEVER
        && (stored == null || stored.markedAt() != before.markedAt())) {
      expiries.remove(key, before.markedAt());
    }
    if (stored != null) {
      quota.record(this, key, stored);
    } else if (before != null) {
      quota.forget(this, key);
    }
    if (before == null && stored != null) {
      addKey(key);
    } else if (before != null && stored == null) {
      removeKey(key);
    }
    long delta = weigh(key, stored) - (long) weigh(key, before);
    if (delta != 0) {
      weight.addAndGet(delta);
    }
    return stored;
  }

  /** Caffeine evicted the entry for the memory budget: no event, only bookkeeping. */
  void evicted(ByteString key, StoredEntry entry) {
    quota.forget(this, key);
    removeKey(key);
    if (entry.markedAt() != TtlSpec.NEVER) {
      expiries.remove(key, entry.markedAt());
    }
    weight.addAndGet(-weigh(key, entry));
  }

  /** Publishes EXPIRED for an entry found expired and returns what the result reports. */
  ExpiredEntry expire(ByteString key, StoredEntry entry, String clientId) {
    publish(ChangeType.EXPIRED, key, null, entry.value(), entry.version(), clientId);
    return new ExpiredEntry(entry.value(), entry.version());
  }

  void publish(
      ChangeType type, ByteString key, ByteString value, ByteString oldValue, long version,
      String clientId) {
    if (topic.hasSubscribers()) {
      topic.publish(new ChangeEvent(type, key, value, oldValue, version, clientId));
    }
  }

  NavigableSet<ByteString> keys() {
    return keys;
  }

  long entryCount() {
    return keyCount.get();
  }

  private void addKey(ByteString key) {
    if (keys.add(key)) {
      keyCount.incrementAndGet();
    }
  }

  private void removeKey(ByteString key) {
    if (keys.remove(key)) {
      keyCount.decrementAndGet();
    }
  }

  long weightBytes() {
    return weight.get();
  }

  boolean isDeleted() {
    return deleted;
  }

  void markDeleted() {
    deleted = true;
  }

  CacheInfo info() {
    return new CacheInfo(id, clientConfig, createdAtMillis, entryCount(), weightBytes());
  }
}
