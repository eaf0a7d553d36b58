package dev.cirrus.server.store.redis;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.Subscription;
import dev.cirrus.server.store.AnswerBytes;
import dev.cirrus.server.store.CacheActivity;
import dev.cirrus.server.store.CacheErrors;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheInfo;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.CreateResult;
import dev.cirrus.server.store.ReadResult;
import dev.cirrus.server.store.RemoveRequest;
import dev.cirrus.server.store.RemoveResult;
import dev.cirrus.server.store.ScanEntry;
import dev.cirrus.server.store.ScanPage;
import dev.cirrus.server.store.ScanRequest;
import dev.cirrus.server.store.TtlSpec;
import dev.cirrus.server.store.WriteRequest;
import dev.cirrus.server.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The store on a Redis Cluster (or one plain Redis), shared by every Cirrus node that points at
 * it: entries, caches and change streams live in Redis, so nodes are interchangeable. Each
 * per-key operation is one server-side script on the shard that owns the key (see {@link
 * BucketKeys}), which checks expiry, applies the condition, assigns the version, resets the access
 * TTL, returns the previous value and publishes the change in one atomic step. Time comes from
 * the injected {@link Clock}, passed to every script, so every node applies the same expiry rule.
 *
 * <p>Memory is bounded by Redis ({@code maxmemory} and its eviction policy); entries Redis
 * evicts go without events, as in the in-memory store. A batch is one script call per master it
 * touches ({@code get_node}, {@code set_node}, {@code remove_node}; see {@link NodeBatches}), each
 * key in it still read or changed atomically, so a batch costs one round trip per shard.
 *
 * <p>Monitoring: entries and bytes are Redis's (every node sees the same); expirations, change
 * subscribers and events are this node's (its sweeps, its streams), so a sum over the nodes is
 * the cluster's figure. Evictions by Redis are not seen per cache (Redis counts them in its INFO).
 * Figures are read in the background ({@link ActivityCache}).
 */
public final class RedisCacheStore implements CacheStore {
  /** Page size when a scan does not say. */
  static final int DEFAULT_SCAN_PAGE = 100;

  private final RedisLink link;
  private final CacheRegistry registry;
  private final KeyScripts keys;
  private final CoalescedGets gets;
  private final BucketScripts buckets;
  private final ShardEvents events;
  private final ExpirySweeper sweeper;
  private final ActivityCache activities;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisCacheStore(RedisLink link, Clock clock, ChangeFeed feed,
      ScheduledExecutorService scheduler, Duration sweepInterval) {
    this.link = link;
    this.registry = new CacheRegistry(link, clock);
    this.keys = new KeyScripts(link, clock, new VersionClock(clock));
    this.gets = new CoalescedGets(keys, link);
    this.buckets = new BucketScripts(link, clock);
    this.events = new ShardEvents(link, feed, scheduler, registry::forget);
    this.sweeper = new ExpirySweeper(link, buckets, scheduler, sweepInterval);
    this.activities = new ActivityCache(this::readActivity, scheduler);
  }

  /**
   * Connects to the Redis at {@code target} and starts this node's expiry sweeper.
   *
   * @param sweepInterval how often this node looks for entries that expired untouched
   * @throws java.io.UncheckedIOException when Redis cannot be reached, saying what to check
   */
  public static RedisCacheStore connect(RedisTarget target, Clock clock, ChangeFeed feed,
      ScheduledExecutorService scheduler, Duration sweepInterval) {
    requireNonNull(clock, "clock");
    requireNonNull(feed, "feed");
    requireNonNull(scheduler, "scheduler");
    requireNonNull(sweepInterval, "sweepInterval");
    RedisLink link = RedisLink.connect(target);
    return new RedisCacheStore(link, clock, feed, scheduler, sweepInterval);
  }

  // ---- control plane ----

  @Override
  public CreateResult create(CacheId id, ByteString clientConfig, boolean ifAbsent) {
    CacheRegistry.Created created = registry.create(id, clientConfig);
    if (!created.created() && !ifAbsent) {
      throw CacheErrors.alreadyExists(id);
    }
    // A cache this call created is empty: no statistics to read.
    return new CreateResult(created.created() ? emptyInfo(created.cache()) : info(created.cache()),
        created.created());
  }

  @Override
  public Optional<CacheInfo> describe(CacheId id) {
    return registry.refresh(id).map(this::info);
  }

  private CacheInfo info(LiveCache cache) {
    long[] stats = buckets.statistics(cache.keys());
    return new CacheInfo(cache.id(), cache.record().clientConfig(), cache.record().createdAtMillis(),
        Math.max(0, stats[0]), Math.max(0, stats[1]));
  }

  private static CacheInfo emptyInfo(LiveCache cache) {
    return new CacheInfo(cache.id(), cache.record().clientConfig(), cache.record().createdAtMillis(),
        0, 0);
  }

  /** The last figures read, up to about a second old: a scrape never waits on Redis. */
  @Override
  public Optional<CacheActivity> activity(CacheId id) {
    return activities.get(id);
  }

  private Optional<CacheActivity> readActivity(CacheId id) {
    return registry.refresh(id).map(cache -> {
      CacheInfo info = info(cache);
      long[] streams = events.activity(cache.incarnation());
      return new CacheActivity(info.entryCount(), info.weightBytes(), 0,
          sweeper.expired(cache.incarnation()), (int) streams[0], streams[1], streams[2]);
    });
  }

  /** Every call waits for Redis's answer (a round trip on the network). */
  @Override
  public boolean blocksCallers() {
    return true;
  }

  @Override
  public Map<String, BooleanSupplier> dependencies() {
    return Map.of("redis", sweeper::reachesRedis);
  }

  @Override
  public List<CacheInfo> list(String account) {
    List<CacheInfo> infos = new ArrayList<>();
    for (LiveCache cache : registry.list(account)) {
      infos.add(info(cache));
    }
    return infos;
  }

  @Override
  public int cacheCount(String account) {
    return registry.count(account);
  }

  @Override
  public boolean delete(CacheId id) {
    Optional<LiveCache> deleted = registry.delete(id);
    activities.forget(id);
    deleted.ifPresent(cache -> {
      // Every node's streams of the cache end with CACHE_DELETED (this one's too, by the message).
      buckets.announce(cache.keys(), 'D', "");
      events.deleted(cache.incarnation());
    });
    return deleted.isPresent();
  }

  // ---- data plane ----

  /**
   * Runs a call on the cache as this node knows it; when the script finds that incarnation gone
   * (deleted on another node), asks the registry again and runs it on the cache's successor, or
   * refuses with CACHE_NOT_FOUND. The answer comes when Redis's does, on Lettuce's thread (or the
   * caller's, when it is ready at once): nothing here waits, and it fails with the refusal {@link
   * RedisLink#failure} words, or with {@link RedisLink#bounded}'s when Redis never answers.
   */
  private <T> CompletableFuture<T> onCache(CacheId id,
      Function<LiveCache, CompletableFuture<T>> call) {
    CompletableFuture<T> answer = link.bounded(new CompletableFuture<>());
    LiveCache known = registry.remembered(id);
    if (known != null) {
      attempt(id, known, call, answer, true);
    } else {
      registry.refreshAsync(id).whenComplete((now, e) -> {
        if (e != null) {
          fail(answer, e);
        } else if (now.isEmpty()) {
          answer.completeExceptionally(CacheErrors.notFound(id));
        } else {
          attempt(id, now.get(), call, answer, true);
        }
      });
    }
    return answer;
  }

  /** One run of {@code call} on {@code cache}, completing {@code answer} or trying the successor. */
  private <T> void attempt(CacheId id, LiveCache cache,
      Function<LiveCache, CompletableFuture<T>> call, CompletableFuture<T> answer, boolean first) {
    CompletableFuture<T> reply;
    try {
      reply = call.apply(cache);
    } catch (RuntimeException e) {
      fail(answer, e);
      return;
    }
    reply.whenComplete((result, e) -> {
      if (e != null) {
        fail(answer, e);
      } else if (result != null) {
        answer.complete(result);
      } else if (!first) {
        answer.completeExceptionally(CacheErrors.notFound(id));
      } else {
        registry.refreshAsync(id).whenComplete((now, refreshFailure) -> {
          if (refreshFailure != null) {
            fail(answer, refreshFailure);
          } else if (now.isEmpty() || now.get().incarnation().equals(cache.incarnation())) {
            answer.completeExceptionally(CacheErrors.notFound(id));
          } else {
            attempt(id, now.get(), call, answer, false);
          }
        });
      }
    });
  }

  /** Ends {@code answer} with what a failed command becomes for the caller. */
  private void fail(CompletableFuture<?> answer, Throwable failure) {
    RuntimeException refusal;
    try {
      refusal = link.failure(failure);
    } catch (RuntimeException unexpected) {
      refusal = unexpected;
    }
    answer.completeExceptionally(refusal);
  }

  /**
   * Runs a batch on the cache as this node knows it, then the items whose calls found that
   * incarnation gone on its successor, as {@link #onCache} does for one; the items applied before
   * the cache went stay applied to the cache they reached.
   */
  private <R, T> List<T> batch(CacheId id, List<R> requests,
      BiFunction<LiveCache, List<R>, CompletableFuture<List<T>>> call) {
    LiveCache cache = registry.resolve(id);
    List<T> results = new ArrayList<>(link.await(call.apply(cache, requests)));
    List<Integer> gone = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i) == null) {
        gone.add(i);
      }
    }
    if (gone.isEmpty()) {
      return results;
    }
    Optional<LiveCache> now = registry.refresh(id);
    if (now.isEmpty() || now.get().incarnation().equals(cache.incarnation())) {
      throw CacheErrors.notFound(id);
    }
    List<R> again = new ArrayList<>(gone.size());
    gone.forEach(i -> again.add(requests.get(i)));
    List<T> retried = link.await(call.apply(now.get(), again));
    for (int k = 0; k < gone.size(); k++) {
      if (retried.get(k) == null) {
        throw CacheErrors.notFound(id);
      }
      results.set(gone.get(k), retried.get(k));
    }
    return results;
  }

  // The single-key operations are written once, answered later; the blocking forms wait for them.

  @Override
  public ReadResult get(CacheId id, ByteString key, TtlSpec accessTtl, String clientId) {
    return link.await(getAsync(id, key, accessTtl, clientId));
  }

  @Override
  public CompletableFuture<ReadResult> getAsync(CacheId id, ByteString key, TtlSpec accessTtl,
      String clientId) {
    // A data-path loop sends each get at once on its own connections: the gets its turn takes
    // leave in one flush; elsewhere concurrent gets to one master travel together.
    return onCache(id, cache -> link.callsHere() ? keys.get(cache, key, accessTtl, clientId)
        : gets.get(cache, key, accessTtl, clientId));
  }

  @Override
  public List<ReadResult> getAll(CacheId id, List<ByteString> keyList, TtlSpec accessTtl, String clientId) {
    return link.await(getAllAsync(id, keyList, accessTtl, clientId));
  }

  @Override
  public CompletableFuture<List<ReadResult>> getAllAsync(CacheId id, List<ByteString> keyList,
      TtlSpec accessTtl, String clientId) {
    return onCache(id, cache -> keys.getAll(cache, keyList, accessTtl, clientId));
  }

  @Override
  public Optional<Long> contains(CacheId id, ByteString key) {
    return link.await(containsAsync(id, key));
  }

  @Override
  public CompletableFuture<Optional<Long>> containsAsync(CacheId id, ByteString key) {
    return onCache(id, cache -> keys.contains(cache, key));
  }

  @Override
  public boolean touch(CacheId id, ByteString key, TtlSpec ttl, long expectedVersion, String clientId) {
    return link.await(touchAsync(id, key, ttl, expectedVersion, clientId));
  }

  @Override
  public CompletableFuture<Boolean> touchAsync(CacheId id, ByteString key, TtlSpec ttl,
      long expectedVersion, String clientId) {
    return onCache(id, cache -> keys.touch(cache, key, ttl, expectedVersion, clientId));
  }

  @Override
  public WriteResult set(CacheId id, WriteRequest write, String clientId) {
    return link.await(setAsync(id, write, clientId));
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(CacheId id, WriteRequest write, String clientId) {
    return onCache(id, cache -> keys.set(cache, write, clientId));
  }

  @Override
  public List<WriteResult> setAll(CacheId id, List<WriteRequest> writes, String clientId) {
    return batch(id, writes, (cache, part) -> keys.setAll(cache, part, clientId));
  }

  @Override
  public RemoveResult remove(CacheId id, RemoveRequest removal, String clientId) {
    return link.await(removeAsync(id, removal, clientId));
  }

  @Override
  public CompletableFuture<RemoveResult> removeAsync(CacheId id, RemoveRequest removal,
      String clientId) {
    return onCache(id, cache -> keys.remove(cache, removal, clientId));
  }

  @Override
  public List<RemoveResult> removeAll(CacheId id, List<RemoveRequest> removals, String clientId) {
    return batch(id, removals, (cache, part) -> keys.removeAll(cache, part, clientId));
  }

  @Override
  public long clear(CacheId id, String clientId) {
    LiveCache cache = registry.resolve(id);
    long removed = buckets.clear(cache.keys());
    if (removed < 0) {
      Optional<LiveCache> now = registry.refresh(id);
      if (now.isEmpty() || now.get().incarnation().equals(cache.incarnation())) {
        throw CacheErrors.notFound(id);
      }
      cache = now.get();
      removed = Math.max(0, buckets.clear(cache.keys()));
    }
    // After the removals: a subscriber that drops everything on CLEARED then holds nothing stale.
    buckets.announce(cache.keys(), 'L', clientId);
    return removed;
  }

  @Override
  public ScanPage scan(CacheId id, ScanRequest request, String clientId) {
    LiveCache cache = registry.resolve(id);
    RedisScanCursor at = request.cursor().isEmpty() ? RedisScanCursor.start()
        : RedisScanCursor.decode(request.cursor(), cache);
    int limit = request.limit() <= 0 ? DEFAULT_SCAN_PAGE : request.limit();
    long maxBytes = request.maxBytes() <= 0 ? Long.MAX_VALUE : request.maxBytes();
    long bytes = 0;
    List<ScanEntry> page = new ArrayList<>(Math.min(limit, 64));
    while (at != null && page.size() < limit) {
      long room = maxBytes == Long.MAX_VALUE ? 0 : Math.max(1, maxBytes - bytes);
      List<Object> reply = buckets.scan(cache.keys(), at.bucket(), at.from(), limit - page.size(),
          request.accessTtl(), request.includeValues(), clientId, room, !page.isEmpty());
      if (reply == null) {
        throw CacheErrors.notFound(id);
      }
      for (int i = 2; i + 2 < reply.size(); i += 3) {
        ScanEntry entry = new ScanEntry(Replies.bytes(reply, i),
            request.includeValues() ? Replies.bytes(reply, i + 2) : null, Replies.number(reply, i + 1));
        bytes += AnswerBytes.scanEntry(entry.key(), entry.value());
        page.add(entry);
      }
      long more = Replies.number(reply, 0);
      if (more == 2) {
        // Ended by bytes: the next page starts after the last key this call looked at (none
        // looked at: where this call started).
        if (reply.size() > 2 || ((byte[]) reply.get(1)).length > 0) {
          at = new RedisScanCursor(at.bucket(), Replies.bytes(reply, 1));
        }
        break;
      }
      if (more == 1) {
        at = new RedisScanCursor(at.bucket(), Replies.bytes(reply, 1));
      } else {
        at = at.bucket() + 1 < BucketKeys.BUCKETS ? new RedisScanCursor(at.bucket() + 1, null) : null;
      }
    }
    return new ScanPage(page, at == null ? ByteString.EMPTY : at.encode(cache.incarnation()));
  }

  @Override
  public Subscription subscribe(CacheId id, ChangeSink sink, long heartbeatMillis) {
    if (closed.get()) {
      throw CirrusException.shuttingDown("the server is shutting down; reconnect to a running server");
    }
    // Read afresh: subscribing to an incarnation deleted elsewhere would hear nothing, ever.
    LiveCache cache = registry.refresh(id).orElseThrow(() -> CacheErrors.notFound(id));
    return events.subscribe(cache, sink, heartbeatMillis);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweeper.close();
    events.close();
    link.close();
  }
}
