package dev.cirrus.server.store.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import dev.cirrus.server.store.CacheErrors;
import dev.cirrus.server.store.CacheId;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The control plane in Redis, shared by every node: per account one hash of cache name → {@link
 * CacheRecord}. Creating writes the buckets' meta hashes first and the record last, so a cache is
 * complete and usable on every node once create returns; deleting removes the record first, then
 * each bucket's meta hash (after which no write can land: every script checks it) and entries.
 *
 * <p>Each node remembers the records it has used ({@link #resolve}), so a data call costs no
 * registry read. A remembered record can be stale only after a delete elsewhere; the scripts then
 * answer "gone" and the caller asks again with {@link #refresh}. Nothing negative is remembered,
 * so a cache created on another node is found at once.
 */
final class CacheRegistry {
  private static final LuaScript FORGET = LuaScript.alone("forget");

  private final RedisLink link;
  private final Clock clock;
  private final Map<CacheId, LiveCache> known = new ConcurrentHashMap<>();

  CacheRegistry(RedisLink link, Clock clock) {
    this.link = link;
    this.clock = clock;
  }

  private RedisClusterAsyncCommands<byte[], byte[]> redis() {
    return link.commands();
  }

  /** The cache (created now, or the existing one) and whether this call created it. */
  Created create(CacheId id, ByteString clientConfig) {
    byte[] incarnationBytes = new byte[8];
    ThreadLocalRandom.current().nextBytes(incarnationBytes);
    CacheRecord record = new CacheRecord(HexFormat.of().formatHex(incarnationBytes),
        clock.millis(), clientConfig);
    BucketKeys keys = new BucketKeys(record.incarnation());
    List<CompletableFuture<?>> setup = new ArrayList<>();
    for (int b = 0; b < BucketKeys.BUCKETS; b++) {
      setup.add(redis().hset(keys.meta(b), Map.of(
          "count".getBytes(UTF_8), "0".getBytes(UTF_8),
          "bytes".getBytes(UTF_8), "0".getBytes(UTF_8))).toCompletableFuture());
    }
    setup.add(redis().sadd(BucketKeys.incarnations(), bytes(record.incarnation())).toCompletableFuture());
    link.await(CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)));
    byte[] registry = BucketKeys.registry(id.account());
    while (true) {
      boolean won = link.await(redis().hsetnx(registry, bytes(id.name()), record.encode().toByteArray())
          .toCompletableFuture());
      if (won) {
        LiveCache live = new LiveCache(id, record, keys);
        known.put(id, live);
        return new Created(live, true);
      }
      Optional<LiveCache> existing = refresh(id);
      if (existing.isPresent()) {
        dropBuckets(keys);
        return new Created(existing.get(), false);
      }
      // Deleted between the two calls: try again.
    }
  }

  record Created(LiveCache cache, boolean created) {}

  /** The cache as this node last saw it, or as the registry has it now. */
  LiveCache resolve(CacheId id) {
    LiveCache live = known.get(id);
    if (live != null) {
      return live;
    }
    return refresh(id).orElseThrow(() -> CacheErrors.notFound(id));
  }

  /** Reads the cache's record from the registry now. */
  Optional<LiveCache> refresh(CacheId id) {
    byte[] record = link.await(redis().hget(BucketKeys.registry(id.account()), bytes(id.name()))
        .toCompletableFuture());
    if (record == null) {
      known.remove(id);
      return Optional.empty();
    }
    CacheRecord decoded = CacheRecord.decode(record);
    LiveCache live = known.compute(id, (k, old) ->
        old != null && old.incarnation().equals(decoded.incarnation()) ? old : new LiveCache(id, decoded));
    return Optional.of(live);
  }

  /** Forgets what this node knew of an incarnation another node deleted. */
  void forget(String incarnation) {
    known.values().removeIf(live -> live.incarnation().equals(incarnation));
  }

  /** The account's caches, sorted by name. */
  List<LiveCache> list(String account) {
    Map<byte[], byte[]> all = link.await(redis().hgetall(BucketKeys.registry(account)).toCompletableFuture());
    List<LiveCache> caches = new ArrayList<>(all.size());
    all.forEach((name, record) ->
        caches.add(new LiveCache(new CacheId(account, new String(name, UTF_8)), CacheRecord.decode(record))));
    caches.sort((a, b) -> a.id().name().compareTo(b.id().name()));
    return caches;
  }

  int count(String account) {
    return link.await(redis().hlen(BucketKeys.registry(account)).toCompletableFuture()).intValue();
  }

  /**
   * Removes the cache from the registry and then its data; returns the removed cache, or empty
   * when there was none.
   */
  Optional<LiveCache> delete(CacheId id) {
    while (true) {
      Optional<LiveCache> current = refresh(id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      LiveCache live = current.get();
      List<Object> removed = link.await(FORGET.run(redis(),
          new byte[][] {BucketKeys.registry(id.account())},
          bytes(id.name()), bytes(live.incarnation() + "|")));
      if ((Long) removed.get(0) == 1L) {
        known.remove(id, live);
        dropBuckets(live.keys());
        return Optional.of(live);
      }
      // Re-created meanwhile: look again.
    }
  }

  private static final LuaScript DROP = LuaScript.withPrelude("drop");
  /** Entries a drop or clear call removes at most, so no call stalls its shard for long. */
  static final int BATCH = 1_000;

  private void dropBuckets(BucketKeys keys) {
    List<CompletableFuture<?>> drops = new ArrayList<>();
    for (int b = 0; b < BucketKeys.BUCKETS; b++) {
      drops.add(dropBucket(keys, b));
    }
    link.await(CompletableFuture.allOf(drops.toArray(CompletableFuture[]::new)));
    link.await(redis().srem(BucketKeys.incarnations(), bytes(keys.incarnation())).toCompletableFuture());
  }

  private CompletableFuture<Void> dropBucket(BucketKeys keys, int bucket) {
    return DROP.run(redis(), keys.forBucket(bucket), bytes("0"), bytes(""), bytes(""),
            keys.entryPrefix(bucket), bytes(Integer.toString(BATCH)))
        .thenCompose(r -> (Long) r.get(0) == 1L ? dropBucket(keys, bucket)
            : CompletableFuture.completedFuture(null));
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
