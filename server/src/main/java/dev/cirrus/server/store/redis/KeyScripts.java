package dev.cirrus.server.store.redis;

import static dev.cirrus.server.store.redis.Replies.bytes;
import static dev.cirrus.server.store.redis.Replies.expired;
import static dev.cirrus.server.store.redis.Replies.flag;
import static dev.cirrus.server.store.redis.Replies.num;
import static dev.cirrus.server.store.redis.Replies.number;
import static dev.cirrus.server.store.redis.Replies.text;
import static dev.cirrus.server.store.redis.Replies.truth;
import static dev.cirrus.server.store.redis.Replies.ttl;

import com.google.protobuf.ByteString;
import dev.cirrus.server.store.ReadResult;
import dev.cirrus.server.store.RemoveRequest;
import dev.cirrus.server.store.RemoveResult;
import dev.cirrus.server.store.TtlSpec;
import dev.cirrus.server.store.WriteRequest;
import dev.cirrus.server.store.WriteResult;
import dev.cirrus.server.store.WriteResult.Outcome;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The per-key operations as calls of their scripts: the arguments each script reads and the
 * result each answer becomes. A call's future answers null when the script found the cache gone.
 */
final class KeyScripts {
  private static final LuaScript GET = LuaScript.withPrelude("get");
  private static final LuaScript GET_MANY = LuaScript.withPrelude("get_many");
  /** Keys per call of {@code get_many}: a script holds its shard for its whole run. */
  static final int MAX_KEYS_PER_CALL = 128;
  private static final LuaScript CONTAINS = LuaScript.withPrelude("contains");
  private static final LuaScript TOUCH = LuaScript.withPrelude("touch");
  private static final LuaScript SET = LuaScript.withPrelude("set");
  private static final LuaScript REMOVE = LuaScript.withPrelude("remove");

  private final RedisLink link;
  private final Clock clock;
  private final VersionClock versions;

  KeyScripts(RedisLink link, Clock clock, VersionClock versions) {
    this.link = link;
    this.clock = clock;
    this.versions = versions;
  }

  private CompletableFuture<List<Object>> run(LuaScript script, LiveCache cache, ByteString key,
      String clientId, byte[]... more) {
    int bucket = BucketKeys.bucketOf(key);
    byte[][] args = new byte[4 + more.length][];
    args[0] = num(clock.millis());
    args[1] = cache.keys().channel(bucket);
    args[2] = text(clientId);
    args[3] = key.toByteArray();
    System.arraycopy(more, 0, args, 4, more.length);
    RedisClusterAsyncCommands<byte[], byte[]> redis = link.commands();
    return script.run(redis, cache.keys().forKey(bucket, key), args)
        .thenApply(reply -> Replies.gone(reply) ? null : reply);
  }

  CompletableFuture<ReadResult> get(LiveCache cache, ByteString key, TtlSpec accessTtl, String clientId) {
    return run(GET, cache, key, clientId, ttl(accessTtl))
        .thenApply(r -> r == null ? null : readResult(r, 0));
  }

  /** get.lua's seven fields from {@code at}. */
  private static ReadResult readResult(List<Object> r, int at) {
    return new ReadResult(truth(r, at), truth(r, at) ? bytes(r, at + 3) : null, number(r, at + 1),
        expired(r, at + 4, at + 6), number(r, at + 2));
  }

  /**
   * Reads many keys with one script call per bucket (of at most {@link #MAX_KEYS_PER_CALL} keys)
   * rather than one per key: a batch costs a few round trips per shard, each key still read
   * atomically. A key named several times is read once (its result repeated), so a batch naming
   * one large entry many times never makes Redis send it many times. Answers the results in the
   * order of {@code keys}, or null when the cache is gone.
   */
  CompletableFuture<List<ReadResult>> getAll(LiveCache cache, List<ByteString> keys,
      TtlSpec accessTtl, String clientId) {
    Map<ByteString, Integer> firstOf = new HashMap<>();
    int[] source = new int[keys.size()];
    Map<Integer, List<Integer>> byBucket = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Integer first = firstOf.putIfAbsent(keys.get(i), i);
      source[i] = first == null ? i : first;
      if (first == null) {
        byBucket.computeIfAbsent(BucketKeys.bucketOf(keys.get(i)), b -> new ArrayList<>()).add(i);
      }
    }
    ReadResult[] results = new ReadResult[keys.size()];
    List<CompletableFuture<Boolean>> calls = new ArrayList<>();
    byte[] now = num(clock.millis());
    byte[] writer = text(clientId);
    byte[] spec = ttl(accessTtl);
    byBucket.forEach((bucket, indexes) -> {
      for (int from = 0; from < indexes.size(); from += MAX_KEYS_PER_CALL) {
        List<Integer> part = indexes.subList(from, Math.min(indexes.size(), from + MAX_KEYS_PER_CALL));
        List<ByteString> partKeys = new ArrayList<>(part.size());
        byte[][] args = new byte[5 + part.size()][];
        args[0] = now;
        args[1] = cache.keys().channel(bucket);
        args[2] = writer;
        args[3] = new byte[0];
        args[4] = spec;
        for (int k = 0; k < part.size(); k++) {
          ByteString key = keys.get(part.get(k));
          partKeys.add(key);
          args[5 + k] = key.toByteArray();
        }
        calls.add(GET_MANY.run(link.commands(), cache.keys().forKeys(bucket, partKeys), args)
            .thenApply(r -> {
              if (Replies.gone(r)) {
                return false;
              }
              for (int k = 0; k < part.size(); k++) {
                results[part.get(k)] = readResult(r, 7 * k);
              }
              return true;
            }));
      }
    });
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
      for (CompletableFuture<Boolean> call : calls) {
        if (!call.join()) {
          return null;
        }
      }
      for (int i = 0; i < results.length; i++) {
        results[i] = results[source[i]];
      }
      return Arrays.asList(results);
    });
  }

  /** Answers an empty optional inside the future for a miss, null when the cache is gone. */
  CompletableFuture<Optional<Long>> contains(LiveCache cache, ByteString key) {
    return run(CONTAINS, cache, key, "").thenApply(r -> r == null ? null
        : truth(r, 0) ? Optional.of(number(r, 1)) : Optional.empty());
  }

  CompletableFuture<Boolean> touch(LiveCache cache, ByteString key, TtlSpec ttl,
      long expectedVersion, String clientId) {
    return run(TOUCH, cache, key, clientId, ttl(ttl), num(expectedVersion))
        .thenApply(r -> r == null ? null : truth(r, 0));
  }

  CompletableFuture<WriteResult> set(LiveCache cache, WriteRequest write, String clientId) {
    byte[] condition = switch (write.condition()) {
      case ALWAYS -> new byte[] {'A'};
      case IF_ABSENT -> new byte[] {'B'};
      case IF_PRESENT -> new byte[] {'P'};
      case VALUE_EQUALS -> new byte[] {'V'};
      case VERSION_EQUALS -> new byte[] {'N'};
    };
    return run(SET, cache, write.key(), clientId, write.value().toByteArray(), condition,
            write.expectedValue().toByteArray(), num(write.expectedVersion()),
            ttl(write.createTtl()), ttl(write.updateTtl()), ttl(write.notAppliedAccessTtl()),
            flag(write.returnPrevious()), num(versions.next()))
        .thenApply(r -> r == null ? null : writeResult(r, write.returnPrevious()));
  }

  private static WriteResult writeResult(List<Object> r, boolean returnPrevious) {
    Outcome outcome = switch ((int) number(r, 0)) {
      case 0 -> Outcome.CREATED;
      case 1 -> Outcome.UPDATED;
      default -> Outcome.NOT_APPLIED;
    };
    boolean hadPrevious = truth(r, 2);
    ByteString previous = hadPrevious && returnPrevious ? bytes(r, 7) : null;
    return new WriteResult(outcome, number(r, 1), hadPrevious, previous, truth(r, 3),
        expired(r, 5, 8), number(r, 4));
  }

  CompletableFuture<RemoveResult> remove(LiveCache cache, RemoveRequest removal, String clientId) {
    byte[] condition = switch (removal.condition()) {
      case ALWAYS -> new byte[] {'A'};
      case VALUE_EQUALS -> new byte[] {'V'};
      case VERSION_EQUALS -> new byte[] {'N'};
    };
    return run(REMOVE, cache, removal.key(), clientId, condition,
            removal.expectedValue().toByteArray(), num(removal.expectedVersion()),
            ttl(removal.notAppliedAccessTtl()), flag(removal.returnPrevious()))
        .thenApply(r -> r == null ? null
            : new RemoveResult(truth(r, 0), truth(r, 1),
                truth(r, 1) && removal.returnPrevious() ? bytes(r, 5) : null, number(r, 2),
                expired(r, 3, 6)));
  }
}
