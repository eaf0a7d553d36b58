package dev.cirrus.server.store.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import dev.cirrus.server.store.CacheErrors;
import dev.cirrus.server.store.CacheId;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
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
 * CacheRecord}. Creating writes the record (and adds the incarnation to the set the sweepers
 * walk): a cache is usable on every node once create returns, as its buckets need no setup.
 * Deleting removes the record first, then sets each bucket's tombstone (after which no write can
 * land: every script checks it) and removes the entries.
 *
 * <p>Each node remembers the records it has used for {@link #REMEMBER} ({@link #resolve}), so a
 * data call costs no registry read. A remembered record can be stale only after a delete
 * elsewhere; the scripts then answer "gone" and the caller asks again with {@link #refresh}.
 * Tombstones outlive what any node remembers by far ({@link #TOMBSTONE}), so no node can write
 * into a deleted incarnation. Nothing negative is remembered, so a cache created on another node
 * is found at once.
 */
final class CacheRegistry {
  private static final LuaScript FORGET = LuaScript.alone("forget");

  private final RedisLink link;
  private final Clock clock;
  /** How long a node uses a cache's record without reading it again. */
  static final Duration REMEMBER = Duration.ofSeconds(10);
  /** How long a deleted incarnation's tombstones stay. */
  static final Duration TOMBSTONE = Duration.ofHours(1);

  private final Map<CacheId, Known> known = new ConcurrentHashMap<>();

  /** A record as this node read it, and when (System.nanoTime). */
  private record Known(LiveCache cache, long readAtNanos) {}

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
    // Sent together: the sweepers may look at an incarnation before its record exists (and find
    // nothing due), which costs nothing, and a create is then one round trip.
    CompletableFuture<Long> swept =
        redis().sadd(BucketKeys.incarnations(), bytes(record.incarnation())).toCompletableFuture();
    byte[] registry = BucketKeys.registry(id.account());
    while (true) {
      CompletableFuture<Boolean> written =
          redis().hsetnx(registry, bytes(id.name()), record.encode().toByteArray()).toCompletableFuture();
      link.await(swept);
      boolean won = link.await(written);
      if (won) {
        LiveCache live = new LiveCache(id, record, keys);
        known.put(id, new Known(live, System.nanoTime()));
        return new Created(live, true);
      }
      Optional<LiveCache> existing = refresh(id);
      if (existing.isPresent()) {
        link.await(redis().srem(BucketKeys.incarnations(), bytes(record.incarnation())).toCompletableFuture());
        return new Created(existing.get(), false);
      }
      // Deleted between the two calls: try again.
    }
  }

  record Created(LiveCache cache, boolean created) {}

  /** The cache as this node last saw it, or as the registry has it now. */
  LiveCache resolve(CacheId id) {
    LiveCache remembered = remembered(id);
    return remembered != null ? remembered
        : refresh(id).orElseThrow(() -> CacheErrors.notFound(id));
  }

  /** The cache as this node saw it within {@link #REMEMBER}; null when it must read it again. */
  LiveCache remembered(CacheId id) {
    Known remembered = known.get(id);
    return remembered != null && System.nanoTime() - remembered.readAtNanos() < REMEMBER.toNanos()
        ? remembered.cache() : null;
  }

  /** Reads the cache's record from the registry now. */
  Optional<LiveCache> refresh(CacheId id) {
    return link.await(refreshAsync(id));
  }

  /**
   * {@link #refresh}, answered when Redis answers (a failure is Lettuce's, for {@link
   * RedisLink#failure} to word).
   */
  CompletableFuture<Optional<LiveCache>> refreshAsync(CacheId id) {
    return redis().hget(BucketKeys.registry(id.account()), bytes(id.name())).toCompletableFuture()
        .thenApply(record -> {
          if (record == null) {
            known.remove(id);
            return Optional.empty();
          }
          CacheRecord decoded = CacheRecord.decode(record);
          Known fresh = known.compute(id, (k, old) -> new Known(
              old != null && old.cache().incarnation().equals(decoded.incarnation())
                  ? old.cache() : new LiveCache(id, decoded),
              System.nanoTime()));
          return Optional.of(fresh.cache());
        });
  }

  /** Forgets what this node knew of an incarnation another node deleted. */
  void forget(String incarnation) {
    known.values().removeIf(remembered -> remembered.cache().incarnation().equals(incarnation));
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
        known.remove(id);
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
            keys.entryPrefix(bucket), bytes(Integer.toString(BATCH)),
            bytes(Long.toString(TOMBSTONE.toMillis())))
        .thenCompose(r -> (Long) r.get(0) == 1L ? dropBucket(keys, bucket)
            : CompletableFuture.completedFuture(null));
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
