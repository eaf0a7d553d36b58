package dev.cirrus.server.store.redis;

import com.google.protobuf.ByteString;
import dev.cirrus.server.store.ExpiredEntry;
import dev.cirrus.server.store.ReadResult;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Reads that leave entries as they are (no access TTL to apply, the usual read), without a
 * script: an entry is one string ({@link PackedEntry}) and a bucket's tombstone and entries share
 * one slot, so one MGET reads them at one instant, and this node checks version and expiry
 * itself. What it finds expired it has {@code expire.lua} remove, which publishes EXPIRED as a
 * script's read would have. Reads with an access TTL are {@link KeyScripts}'s.
 */
final class PlainReads {
  /** Runs expire.lua: answers whether it removed the entry, or null when the cache is gone. */
  @FunctionalInterface
  interface Expire {
    CompletableFuture<Boolean> run(LiveCache cache, ByteString key, String clientId, long version);
  }

  private static final byte[] MGET = "MGET".getBytes(StandardCharsets.US_ASCII);

  private final RedisLink link;
  private final Clock clock;
  private final Expire expire;

  PlainReads(RedisLink link, Clock clock, Expire expire) {
    this.link = link;
    this.clock = clock;
    this.expire = expire;
  }

  /** Reads one key: answers its result, or null when the cache is gone. */
  CompletableFuture<ReadResult> get(LiveCache cache, ByteString key, String clientId) {
    List<ByteString> one = List.of(key);
    return readBucket(cache, BucketKeys.bucketOf(key), one)
        .thenCompose(read -> read == null ? CompletableFuture.completedFuture(null)
            : settle(cache, one, Arrays.asList(read), clientId).thenApply(r -> r.get(0)));
  }

  /**
   * What a plain read of one entry found ({@code packed} as stored, null for none): a hit, a
   * miss, or an entry found expired, which {@link #settle} has still to remove.
   */
  private static ReadResult plain(byte[] packed, long now) {
    if (packed == null) {
      return ReadResult.MISS;
    }
    PackedEntry entry = PackedEntry.read(packed);
    if (entry.expiredAt(now)) {
      return new ReadResult(false, null, 0, new ExpiredEntry(entry.value(), entry.version()), 0);
    }
    return new ReadResult(true, entry.value(), entry.version(), null, entry.remainingAt(now));
  }

  /**
   * Reads keys of one bucket with one MGET of its tombstone and the entries (one slot, read at
   * one instant), no script: on a data-path loop, on its own connection to the slot's master
   * ({@link RedisLink#callHere}); else, or when that connection cannot take it or fails it, on
   * Lettuce's, which routes it and follows a moved slot (a read asked twice changes nothing).
   * Answers {@link #plain} results, or null when the cache is gone.
   */
  private CompletableFuture<ReadResult[]> readBucket(LiveCache cache, int bucket,
      List<ByteString> keys) {
    byte[][] read = cache.keys().forRead(bucket, keys);
    byte[][] mget = new byte[read.length + 1][];
    mget[0] = MGET;
    System.arraycopy(read, 0, mget, 1, read.length);
    CompletableFuture<Object> here = link.callHere(cache.keys().slot(bucket), mget);
    if (here == null) {
      return routed(read);
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<ReadResult[]> answer = here.handle((values, failure) -> failure == null
            ? CompletableFuture.completedFuture(plainResults((List<byte[]>) values))
            : routed(read))
        .thenCompose(Function.identity());
    return answer;
  }

  /** The MGET {@code read} on Lettuce's connection, which routes it and follows a moved slot. */
  private CompletableFuture<ReadResult[]> routed(byte[][] read) {
    return link.commands().mget(read).toCompletableFuture()
        .thenApply(values -> {
          List<byte[]> bytes = new ArrayList<>(values.size());
          values.forEach(v -> bytes.add(v.getValueOrElse(null)));
          return plainResults(bytes);
        });
  }

  /** An MGET's answer (tombstone, then entries) as {@link #plain} results; null when gone. */
  private ReadResult[] plainResults(List<byte[]> values) {
    if (values.get(0) != null) {
      return null;
    }
    long now = clock.millis();
    ReadResult[] results = new ReadResult[values.size() - 1];
    for (int k = 0; k < results.length; k++) {
      results[k] = plain(values.get(k + 1), now);
    }
    return results;
  }

  /**
   * Removes the entries a plain read found expired with {@code expire.lua}, which publishes
   * EXPIRED as a script's read would have, unless the entry was written again meanwhile; such a
   * read answers a miss either way (the entry it read was expired), with the expired entry only
   * when this read removed it. Answers {@code read} so settled, or null where a removal found the
   * cache gone. {@code read} holds null where the cache was found gone already.
   */
  private CompletableFuture<List<ReadResult>> settle(LiveCache cache, List<ByteString> keys,
      List<ReadResult> read, String clientId) {
    ReadResult[] results = read.toArray(ReadResult[]::new);
    List<CompletableFuture<Void>> removals = null;
    for (int k = 0; k < results.length; k++) {
      ExpiredEntry expired = results[k] == null ? null : results[k].expired();
      if (expired == null) {
        continue;
      }
      if (removals == null) {
        removals = new ArrayList<>();
      }
      int slot = k;
      removals.add(expire.run(cache, keys.get(k), clientId, expired.version())
          .thenAccept(removed -> results[slot] = removed == null ? null
              : removed ? results[slot] : ReadResult.MISS));
    }
    if (removals == null) {
      return CompletableFuture.completedFuture(read);
    }
    return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
        .thenApply(v -> Arrays.asList(results));
  }

  /**
   * Reads distinct keys: one MGET per bucket (as {@link #readBucket}), each master's MGETs written
   * together on its own connection, so a master reads them in one go and a batch costs one round
   * trip per master with no script; then {@link #settle}. A bucket whose master is unknown, or
   * whose MGET that master refuses (its slot moved since the topology was read), is read by
   * {@link #readBucket}, which Lettuce routes: a read may be asked twice, which changes nothing.
   * Answers the results in the order of {@code keys}, null for keys whose bucket found the cache
   * gone.
   */
  CompletableFuture<List<ReadResult>> getAll(LiveCache cache, List<ByteString> keys,
      String clientId) {
    List<List<Integer>> byBucket = BucketKeys.itemsByBucket(keys, Function.identity());
    ReadResult[] results = new ReadResult[keys.size()];
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    if (link.callsHere()) {
      // This loop's own connections: the MGETs to one master leave in one flush.
      for (int bucket = 0; bucket < byBucket.size(); bucket++) {
        readParts(cache, bucket, byBucket, keys, results, null, reads);
      }
    } else {
      NodeBatches.Routes routes = NodeBatches.routes(link, cache, byBucket);
      routes.unrouted()
          .forEach(bucket -> readParts(cache, bucket, byBucket, keys, results, null, reads));
      routes.byMaster().forEach((master, buckets) -> reads.add(link.connectionOn(master)
          .handle((connection, e) -> connection)
          .thenCompose(connection -> {
            List<CompletableFuture<Void>> ofMaster = new ArrayList<>();
            List<RedisCommand<byte[], byte[], ?>> mgets = new ArrayList<>();
            for (int bucket : buckets) {
              readParts(cache, bucket, byBucket, keys, results,
                  connection == null ? null : mgets, ofMaster);
            }
            if (!mgets.isEmpty()) {
              connection.dispatch(mgets);
            }
            return CompletableFuture.allOf(ofMaster.toArray(CompletableFuture[]::new));
          })));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenCompose(v -> settle(cache, keys, Arrays.asList(results), clientId));
  }

  /** Adds to {@code reads} the {@link #read}s of {@code bucket}'s keys, a call per part. */
  private void readParts(LiveCache cache, int bucket, List<List<Integer>> byBucket,
      List<ByteString> keys, ReadResult[] results, List<RedisCommand<byte[], byte[], ?>> mgets,
      List<CompletableFuture<Void>> reads) {
    for (List<Integer> part : KeyScripts.parts(byBucket.get(bucket))) {
      reads.add(read(cache, bucket, part, keys, results, mgets));
    }
  }

  /**
   * Reads the keys at {@code part} (of one bucket) into {@code results}: by an MGET added to
   * {@code mgets} (sent by the caller on its master's connection), or by {@link #readBucket} when
   * {@code mgets} is null or the master refuses that MGET.
   */
  private CompletableFuture<Void> read(LiveCache cache, int bucket, List<Integer> part,
      List<ByteString> keys, ReadResult[] results, List<RedisCommand<byte[], byte[], ?>> mgets) {
    List<ByteString> partKeys = new ArrayList<>(part.size());
    part.forEach(i -> partKeys.add(keys.get(i)));
    CompletableFuture<ReadResult[]> read;
    if (mgets == null) {
      read = readBucket(cache, bucket, partKeys);
    } else {
      AsyncCommand<byte[], byte[], List<byte[]>> mget = new AsyncCommand<>(new Command<>(
          CommandType.MGET, new ValueListOutput<>(ByteArrayCodec.INSTANCE),
          new CommandArgs<>(ByteArrayCodec.INSTANCE).addKeys(cache.keys().forRead(bucket,
              partKeys))));
      mgets.add(mget);
      read = mget.thenApply(this::plainResults)
          .handle((answer, refused) -> refused == null ? CompletableFuture.completedFuture(answer)
              : readBucket(cache, bucket, partKeys))
          .thenCompose(Function.identity());
    }
    return read.thenAccept(answer -> {
      if (answer != null) {
        for (int k = 0; k < answer.length; k++) {
          results[part.get(k)] = answer[k];
        }
      }
    });
  }
}
