package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.ChangeType;
import dev.cirrus.server.feed.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default backend: every entry of every cache in one Caffeine map bounded by the server's
 * memory budget (entries are weighed as key + value + overhead; evictions publish nothing), with
 * per-cache state in {@link CacheSlot}. With an account quota, each account's entries are also
 * bounded by its own {@link AccountQuota}, which evicts the account's entries, not others'.
 *
 * <p>Expiry is ours, not Caffeine's, so that no expired entry disappears unreported: each
 * operation checks its key inside {@code asMap().compute}, and a sweeper on {@code scheduler}
 * removes due entries nobody touches, publishing EXPIRED with an empty writer id. Time comes from
 * the injected {@link Clock}.
 *
 * <p>Concurrency: per-key atomicity comes from Caffeine's compute; there is no lock per cache or
 * per store. The registry is a concurrent map of concurrent maps.
 */
public final class InMemoryCacheStore implements CacheStore {
  /** How often the sweeper looks for entries that expired untouched, unless told otherwise. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMillis(200);

  private static final Logger LOG = Logger.getLogger(InMemoryCacheStore.class.getName());
  private static final int SWEEP_BATCH = 10_000;
  /** Page size when a scan does not say. */
  public static final int DEFAULT_SCAN_PAGE = 100;

  private static final int VERSIONS_PER_MILLI_BITS = 20;
  private static final long IN_FLIGHT_ROOM = 1 << 16;

  private final Clock clock;
  /** The highest version a deleted cache handed out; new caches start above it. */
  private final AtomicLong retiredVersions = new AtomicLong();
  private final ChangeFeed feed;
  private final Cache<EntryKey, StoredEntry> entries;
  /** account → cache name → cache. */
  private final Map<String, Map<String, CacheSlot>> registry = new ConcurrentHashMap<>();
  /** 0 for none; else each account's {@link AccountQuota}, made with its first cache. */
  private final long accountQuotaBytes;
  private final Map<String, AccountQuota> quotas = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> sweeper;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param sweepInterval how often to look for entries that expired untouched (their EXPIRED
   *     events are at most this late, plus the sweep itself)
   * @param accountQuotaBytes the most one account's entries may weigh (beyond it the account's
   *     own entries are evicted), or 0 for no quota but the budget
   */
  public InMemoryCacheStore(
      Clock clock, long memoryBudgetBytes, long accountQuotaBytes, Duration sweepInterval,
      ChangeFeed feed, ScheduledExecutorService scheduler) {
    if (accountQuotaBytes < 0) {
      throw new IllegalArgumentException(
          "accountQuotaBytes must not be negative (0 is none), got " + accountQuotaBytes);
    }
    this.accountQuotaBytes = accountQuotaBytes;
    this.clock = requireNonNull(clock, "clock");
    this.feed = requireNonNull(feed, "feed");
    requireNonNull(scheduler, "scheduler");
    requireNonNull(sweepInterval, "sweepInterval");
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("sweepInterval must be positive, got " + sweepInterval);
    }
    if (memoryBudgetBytes <= 0) {
      throw new IllegalArgumentException("memoryBudgetBytes must be positive, got " + memoryBudgetBytes);
    }
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(memoryBudgetBytes)
            .<EntryKey, StoredEntry>weigher((k, v) -> CacheSlot.weigh(k.key(), v))
            .evictionListener(InMemoryCacheStore::onEviction)
            .build();
    this.sweeper =
        scheduler.scheduleWithFixedDelay(
            this::sweepSafely, sweepInterval.toMillis(), sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void onEviction(EntryKey key, StoredEntry entry, RemovalCause cause) {
    if (key != null && entry != null && cause.wasEvicted()) {
      key.slot().evicted(key.key(), entry);
    }
  }

  // ---- control plane ----

  @Override
  public CreateResult create(CacheId id, ByteString clientConfig, boolean ifAbsent) {
    Map<String, CacheSlot> caches = registry.computeIfAbsent(id.account(), a -> new ConcurrentHashMap<>());
    CacheSlot existing = caches.get(id.name());
    if (existing == null) {
      long now = clock.millis();
      CacheSlot fresh = new CacheSlot(id, clientConfig, now, firstVersion(now), feed.newTopic(),
          quota(id.account()));
      existing = caches.putIfAbsent(id.name(), fresh);
      if (existing == null) {
        return new CreateResult(fresh.info(), true);
      }
    }
    if (!ifAbsent) {
      throw CacheErrors.alreadyExists(id);
    }
    return new CreateResult(existing.info(), false);
  }

  @Override
  public Optional<CacheInfo> describe(CacheId id) {
    return Optional.ofNullable(find(id)).map(CacheSlot::info);
  }

  @Override
  public List<CacheInfo> list(String account) {
    Map<String, CacheSlot> caches = registry.getOrDefault(account, Map.of());
    List<CacheInfo> infos = new ArrayList<>(caches.size());
    for (CacheSlot slot : caches.values()) {
      infos.add(slot.info());
    }
    infos.sort(Comparator.comparing(info -> info.id().name()));
    return infos;
  }

  @Override
  public int cacheCount(String account) {
    return registry.getOrDefault(account, Map.of()).size();
  }

  @Override
  public boolean delete(CacheId id) {
    Map<String, CacheSlot> caches = registry.get(id.account());
    CacheSlot slot = caches == null ? null : caches.remove(id.name());
    if (slot == null) {
      return false;
    }
    // Flag first: a write racing with this purge re-checks the flag after it lands (see compute).
    slot.markDeleted();
    retiredVersions.accumulateAndGet(slot.lastVersion(), Math::max);
    for (ByteString key : slot.keys()) {
      entries.asMap().remove(new EntryKey(slot, key));
      slot.quota.forget(slot, key);
    }
    slot.topic.close();
    return true;
  }

  private AccountQuota quota(String account) {
    return accountQuotaBytes == 0 ? AccountQuota.NONE
        : quotas.computeIfAbsent(account, a -> new AccountQuota(accountQuotaBytes));
  }

  /**
   * Where a new cache's version counter starts. A client may still hold versions of an earlier
   * cache of the same name, from before a delete or a restart, so the counter starts above both:
   * above every version a deleted cache of this store handed out (plus room for writes that were
   * in flight when it was deleted), and at the clock in units of 2^20 versions per millisecond,
   * which no cache of an earlier process can have outrun (that would take a billion writes a
   * second) and which leaves room until the year 2248.
   */
  private long firstVersion(long nowMillis) {
    return Math.max(nowMillis << VERSIONS_PER_MILLI_BITS, retiredVersions.get() + IN_FLIGHT_ROOM);
  }

  // ---- data plane ----

  @Override
  public ReadResult get(CacheId id, ByteString key, TtlSpec accessTtl, String clientId) {
    return read(slot(id), key, accessTtl, clientId);
  }

  private ReadResult read(CacheSlot slot, ByteString key, TtlSpec accessTtl, String clientId) {
    if (!accessTtl.changesExisting()) {
      // Fast path: a live hit that changes nothing needs no per-key lock.
      StoredEntry entry = entries.getIfPresent(new EntryKey(slot, key));
      long now = clock.millis();
      if (entry != null && !entry.isExpiredAt(now)) {
        slot.quota.used(slot, key);
        return ReadResult.hit(entry, entry.expiresAt(), now);
      }
      if (entry == null) {
        return ReadResult.MISS;
      }
    }
    ReadOp op = new ReadOp(slot, key, accessTtl, clientId);
    compute(slot, key, op);
    return op.result;
  }

  @Override
  public Optional<Long> contains(CacheId id, ByteString key) {
    StoredEntry entry = entries.policy().getIfPresentQuietly(new EntryKey(slot(id), key));
    return entry == null || entry.isExpiredAt(clock.millis())
        ? Optional.empty()
        : Optional.of(entry.version());
  }

  @Override
  public boolean touch(CacheId id, ByteString key, TtlSpec ttl, long expectedVersion, String clientId) {
    CacheSlot slot = slot(id);
    TouchOp op = new TouchOp(slot, key, ttl, expectedVersion, clientId);
    compute(slot, key, op);
    return op.touched;
  }

  @Override
  public WriteResult set(CacheId id, WriteRequest write, String clientId) {
    return write(slot(id), write, clientId);
  }

  private WriteResult write(CacheSlot slot, WriteRequest write, String clientId) {
    WriteOp op = new WriteOp(slot, write, clientId);
    compute(slot, write.key(), op);
    return op.result;
  }

  @Override
  public RemoveResult remove(CacheId id, RemoveRequest removal, String clientId) {
    return remove(slot(id), removal, clientId);
  }

  private RemoveResult remove(CacheSlot slot, RemoveRequest removal, String clientId) {
    RemoveOp op = new RemoveOp(slot, removal, clientId);
    compute(slot, removal.key(), op);
    return op.result;
  }

  @Override
  public long clear(CacheId id, String clientId) {
    CacheSlot slot = slot(id);
    long removed = 0;
    for (ByteString key : slot.keys()) {
      boolean[] present = new boolean[1];
      compute(slot, key, (current, now) -> {
        present[0] = current != null;
        return null;
      });
      if (present[0]) {
        removed++;
      }
    }
    // After the removals: a subscriber that drops everything on CLEARED then holds nothing stale.
    slot.publish(ChangeType.CLEARED, ByteString.EMPTY, null, null, 0, clientId);
    return removed;
  }

  @Override
  public ScanPage scan(CacheId id, ScanRequest request, String clientId) {
    CacheSlot slot = slot(id);
    NavigableSet<ByteString> rest = request.cursor().isEmpty() ? slot.keys()
        : slot.keys().tailSet(ScanCursor.lastKey(slot, request.cursor()), false);
    int limit = request.limit() <= 0 ? DEFAULT_SCAN_PAGE : request.limit();
    long maxBytes = request.maxBytes() <= 0 ? Long.MAX_VALUE : request.maxBytes();
    List<ScanEntry> page = new ArrayList<>(Math.min(limit, 64));
    long bytes = 0;
    // The last key this page covers: the next page starts after it.
    ByteString last = null;
    Iterator<ByteString> keys = rest.iterator();
    while (page.size() < limit && keys.hasNext()) {
      ByteString key = keys.next();
      ReadResult read = read(slot, key, request.accessTtl(), clientId);
      if (read.found()) {
        ByteString value = request.includeValues() ? read.value() : null;
        long size = AnswerBytes.scanEntry(key, value);
        if (!page.isEmpty() && bytes + size > maxBytes) {
          // This key opens the next page (read again there: a scan reads a key at least once).
          return new ScanPage(page, ScanCursor.after(slot, last));
        }
        bytes += size;
        page.add(new ScanEntry(key, value, read.version()));
      }
      last = key;
    }
    return new ScanPage(page, keys.hasNext() ? ScanCursor.after(slot, last) : ByteString.EMPTY);
  }

  @Override
  public Subscription subscribe(CacheId id, ChangeSink sink, long heartbeatMillis) {
    Subscription subscription = slot(id).topic.subscribe(sink, heartbeatMillis);
    if (subscription == null) {
      throw closed.get() ? shuttingDown() : CacheErrors.notFound(id);
    }
    return subscription;
  }

  // ---- internals ----

  private CacheSlot find(CacheId id) {
    Map<String, CacheSlot> caches = registry.get(id.account());
    return caches == null ? null : caches.get(id.name());
  }

  /** The sweep marks pending in {@code id}; for tests of the store itself. */
  int sweepMarks(CacheId id) {
    return slot(id).expiries.size();
  }

  private CacheSlot slot(CacheId id) {
    CacheSlot slot = find(id);
    if (slot == null) {
      throw CacheErrors.notFound(id);
    }
    return slot;
  }

  private void compute(CacheSlot slot, ByteString key, KeyOp op) {
    entries.asMap().compute(
        new EntryKey(slot, key), (k, current) -> slot.settle(key, current, op.apply(current, clock.millis())));
    if (slot.isDeleted()) {
      // The cache was deleted while this write landed: its purge may have missed the key.
      entries.asMap().remove(new EntryKey(slot, key));
      slot.quota.forget(slot, key);
    }
    slot.quota.evictQueued(this::evictForQuota);
  }

  /**
   * Removes an entry its account's quota gave up, unless it was rewritten meanwhile (then it is a
   * newer entry the quota counts again). Like an eviction for the budget, it publishes nothing.
   */
  private void evictForQuota(EntryKey key, StoredEntry victim) {
    entries.asMap().computeIfPresent(key,
        (k, current) -> current == victim ? k.slot().settle(k.key(), current, null) : current);
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // A failed sweep must not cancel the schedule; the next one retries.
      LOG.log(Level.WARNING, "event=sweep_failed", e);
    }
  }

  /** Removes entries that expired untouched; visible for tests of the store itself. */
  void sweep() {
    long now = clock.millis();
    for (Map<String, CacheSlot> caches : registry.values()) {
      for (CacheSlot slot : caches.values()) {
        List<ExpiryIndex.Mark> due;
        do {
          due = slot.expiries.pollDue(now, SWEEP_BATCH);
          for (ExpiryIndex.Mark mark : due) {
            if (entries.policy().getIfPresentQuietly(new EntryKey(slot, mark.key())) != null) {
              compute(slot, mark.key(), new SweepOp(slot, mark.key(), mark.at()));
            }
          }
        } while (due.size() == SWEEP_BATCH && !closed.get());
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweeper.cancel(false);
    // Entries stay readable for calls still in flight; only the streams, which never end on their
    // own, are ended. The store is garbage once the server is gone.
    for (Map<String, CacheSlot> caches : registry.values()) {
      for (CacheSlot slot : caches.values()) {
        slot.topic.shutdown(shuttingDown());
      }
    }
  }

  private static CirrusException shuttingDown() {
    return CirrusException.shuttingDown(
        "the server is shutting down; reconnect to a running server");
  }
}
