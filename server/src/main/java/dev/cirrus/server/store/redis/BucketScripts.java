package dev.cirrus.server.store.redis;

import static dev.cirrus.server.store.redis.Replies.num;
import static dev.cirrus.server.store.redis.Replies.number;
import static dev.cirrus.server.store.redis.Replies.text;

import dev.cirrus.server.store.AnswerBytes;
import dev.cirrus.server.store.TtlSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The operations on whole buckets: clear, sweep, scan, cache-wide events and statistics. Each
 * call handles one bucket on its shard; callers run the buckets of a cache concurrently, so a
 * cache-wide operation costs about one round trip per shard (Lettuce pipelines the calls on its
 * connections).
 */
final class BucketScripts {
  private static final LuaScript CLEAR = LuaScript.withPrelude("clear");
  private static final LuaScript SWEEP = LuaScript.withPrelude("sweep");
  private static final LuaScript SCAN = LuaScript.withPrelude("scan");
  private static final LuaScript ANNOUNCE = LuaScript.withPrelude("announce");

  private final RedisLink link;
  private final Clock clock;

  BucketScripts(RedisLink link, Clock clock) {
    this.link = link;
    this.clock = clock;
  }

  private CompletableFuture<List<Object>> run(LuaScript script, BucketKeys keys, int bucket,
      String clientId, byte[]... more) {
    byte[][] args = new byte[4 + more.length][];
    args[0] = num(clock.millis());
    args[1] = keys.channel(bucket);
    args[2] = text(clientId);
    args[3] = keys.entryPrefix(bucket);
    System.arraycopy(more, 0, args, 4, more.length);
    return script.run(link.commands(), keys.forBucket(bucket), args);
  }

  /** Removes every entry without per-entry events; answers how many, or -1 when gone. */
  long clear(BucketKeys keys) {
    List<CompletableFuture<Long>> buckets = new ArrayList<>();
    for (int b = 0; b < BucketKeys.BUCKETS; b++) {
      buckets.add(clearBucket(keys, b, 0));
    }
    long removed = 0;
    for (CompletableFuture<Long> bucket : buckets) {
      long n = link.await(bucket);
      if (n < 0) {
        return -1;
      }
      removed += n;
    }
    return removed;
  }

  private CompletableFuture<Long> clearBucket(BucketKeys keys, int bucket, long sofar) {
    return run(CLEAR, keys, bucket, "", num(CacheRegistry.BATCH)).thenCompose(r -> {
      if (Replies.gone(r)) {
        return CompletableFuture.completedFuture(-1L);
      }
      long total = sofar + number(r, 0);
      return number(r, 1) == 1 ? clearBucket(keys, bucket, total)
          : CompletableFuture.completedFuture(total);
    });
  }

  /** Removes the due entries of every bucket, publishing EXPIRED; answers how many. */
  CompletableFuture<Long> sweep(BucketKeys keys) {
    List<CompletableFuture<Long>> buckets = new ArrayList<>();
    for (int b = 0; b < BucketKeys.BUCKETS; b++) {
      buckets.add(sweepBucket(keys, b, 0));
    }
    return CompletableFuture.allOf(buckets.toArray(CompletableFuture[]::new))
        .thenApply(v -> buckets.stream().mapToLong(CompletableFuture::join).sum());
  }

  private CompletableFuture<Long> sweepBucket(BucketKeys keys, int bucket, long sofar) {
    return run(SWEEP, keys, bucket, "", num(CacheRegistry.BATCH)).thenCompose(r -> {
      if (Replies.gone(r)) {
        return CompletableFuture.completedFuture(sofar);
      }
      long total = sofar + number(r, 0);
      return number(r, 1) == 1 ? sweepBucket(keys, bucket, total)
          : CompletableFuture.completedFuture(total);
    });
  }

  /**
   * One bucket's part of a scan page; the reply is {more, last key looked at, key, version,
   * value, ...}, or null when the cache is gone.
   */
  /**
   * @param room bytes ({@link AnswerBytes}) the page may still take, 0 for no bound; an entry
   *     that does not fit ends the page unless the page would be empty ({@code holdsEntries})
   */
  List<Object> scan(BucketKeys keys, int bucket, byte[] from, int limit, TtlSpec accessTtl,
      boolean includeValues, String clientId, long room, boolean holdsEntries) {
    List<Object> reply = link.await(run(SCAN, keys, bucket, clientId, from, num(limit),
        Replies.ttl(accessTtl), Replies.flag(includeValues), num(room),
        num(AnswerBytes.ITEM_OVERHEAD), Replies.flag(holdsEntries)));
    return Replies.gone(reply) ? null : reply;
  }

  /** Publishes a cache-wide event (L cleared, D deleted) on the cache's first bucket channel. */
  void announce(BucketKeys keys, char kind, String clientId) {
    link.await(run(ANNOUNCE, keys, 0, clientId, new byte[] {(byte) kind}));
  }

  /** The cache's entry count and weight, summed over its buckets: {count, bytes}. */
  long[] statistics(BucketKeys keys) {
    List<CompletableFuture<List<io.lettuce.core.KeyValue<byte[], byte[]>>>> reads = new ArrayList<>();
    for (int b = 0; b < BucketKeys.BUCKETS; b++) {
      reads.add(link.commands().hmget(keys.meta(b), text("count"), text("bytes")).toCompletableFuture());
    }
    long[] sums = new long[2];
    for (CompletableFuture<List<io.lettuce.core.KeyValue<byte[], byte[]>>> read : reads) {
      List<io.lettuce.core.KeyValue<byte[], byte[]>> values = link.await(read);
      for (int i = 0; i < 2; i++) {
        if (values.get(i).hasValue()) {
          sums[i] += Long.parseLong(new String(values.get(i).getValue(), java.nio.charset.StandardCharsets.US_ASCII));
        }
      }
    }
    return sums;
  }
}
