package dev.cirrus.server.store.redis;

import static dev.cirrus.server.store.redis.Replies.bytes;
import static dev.cirrus.server.store.redis.Replies.expired;
import static dev.cirrus.server.store.redis.Replies.flag;
import static dev.cirrus.server.store.redis.Replies.num;
import static dev.cirrus.server.store.redis.Replies.number;
import static dev.cirrus.server.store.redis.Replies.text;
import static dev.cirrus.server.store.redis.Replies.truth;
import static dev.cirrus.server.store.redis.Replies.value;
import static dev.cirrus.server.store.redis.Replies.ttl;

import com.google.protobuf.ByteString;
import dev.cirrus.server.store.ExpiredEntry;
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
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The per-key operations as calls of their scripts: the arguments each script reads and the
 * result each answer becomes. A call's future answers null when the script found the cache gone.
 */
final class KeyScripts {
  private static final LuaScript GET = LuaScript.withPrelude("get");
  private static final LuaScript EXPIRE = LuaScript.withPrelude("expire");
  private static final LuaScript GET_MANY = LuaScript.withPrelude("get_many");
  /** Keys per call of a many-key script: a script holds its shard for its whole run. */
  static final int MAX_KEYS_PER_CALL = 128;
  private static final LuaScript CONTAINS = LuaScript.withPrelude("contains");
  private static final LuaScript TOUCH = LuaScript.withPrelude("touch");
  private static final LuaScript SET = LuaScript.withPrelude("set");
  private static final LuaScript REMOVE = LuaScript.withPrelude("remove");
  private static final LuaScript SET_MANY = LuaScript.withPrelude("set_many");
  private static final LuaScript REMOVE_MANY = LuaScript.withPrelude("remove_many");
  private static final LuaScript GET_NODE = LuaScript.withPrelude("get_node");
  private static final LuaScript SET_NODE = LuaScript.withPrelude("set_node");
  private static final LuaScript REMOVE_NODE = LuaScript.withPrelude("remove_node");
  private static final byte[][] NO_ARGS = new byte[0][];
  /** Fields of remove_entry's answer (prelude.lua). */
  private static final int REMOVE_FIELDS = 8;

  private final RedisLink link;
  private final Clock clock;
  private final VersionClock versions;
  private final NodeBatches nodes;
  private final PlainReads plain;
  private final NodeBatches.Kind<ByteString, ReadResult> getNode;
  private final NodeBatches.Kind<WriteRequest, WriteResult> setNode;
  private final NodeBatches.Kind<RemoveRequest, RemoveResult> removeNode;

  KeyScripts(RedisLink link, Clock clock, VersionClock versions) {
    this.link = link;
    this.clock = clock;
    this.versions = versions;
    this.nodes = new NodeBatches(link, clock);
    this.plain = new PlainReads(link, clock, (cache, key, clientId, version) ->
        run(EXPIRE, cache, key, clientId, num(version))
            .thenApply(r -> r == null ? null : truth(r, 0)));
    this.getNode = new NodeBatches.Kind<>(GET_NODE, Function.identity(), key -> NO_ARGS,
        ReadResult[]::new, (r, at, part, k, results) -> readResult(r, at, results, k), false);
    this.setNode = new NodeBatches.Kind<>(SET_NODE, WriteRequest::key, this::writeArgs,
        WriteResult[]::new, KeyScripts::writeAnswer, true);
    this.removeNode = new NodeBatches.Kind<>(REMOVE_NODE, RemoveRequest::key,
        KeyScripts::removeArgs, RemoveResult[]::new, KeyScripts::removeAnswer, true);
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
    return script.run(link, cache.keys().slot(bucket), cache.keys().forKey(bucket, key), args)
        .thenApply(reply -> Replies.gone(reply) ? null : reply);
  }

  CompletableFuture<ReadResult> get(LiveCache cache, ByteString key, TtlSpec accessTtl, String clientId) {
    if (!accessTtl.changesExisting()) {
      return plain.get(cache, key, clientId);
    }
    return run(GET, cache, key, clientId, ttl(accessTtl)).thenApply(r -> {
      if (r == null) {
        return null;
      }
      ReadResult[] result = new ReadResult[1];
      readResult(r, 0, result, 0);
      return result[0];
    });
  }

  /**
   * Reads read_into's answer for one key (prelude.lua) from {@code at} into {@code into[slot]};
   * answers where the next key's answer starts.
   */
  private static int readResult(List<Object> r, int at, ReadResult[] into, int slot) {
    switch ((int) number(r, at)) {
      case 0 -> {
        into[slot] = ReadResult.MISS;
        return at + 1;
      }
      case 1 -> {
        into[slot] = new ReadResult(true, value(r, at + 3), number(r, at + 1), null, number(r, at + 2));
        return at + 4;
      }
      default -> {
        into[slot] = new ReadResult(false, null, 0,
            new ExpiredEntry(value(r, at + 2), number(r, at + 1)), 0);
        return at + 3;
      }
    }
  }

  /**
   * Reads many keys: by {@link PlainReads} when the read leaves entries as they are, else with one
   * script call per master that serves them ({@link NodeBatches}), each key still read
   * atomically. A key named several times is read once (its result repeated), so a batch naming
   * one large entry many times never makes Redis send it many times. Answers the results in the
   * order of {@code keys}, or null when the cache is gone.
   */
  CompletableFuture<List<ReadResult>> getAll(LiveCache cache, List<ByteString> keys,
      TtlSpec accessTtl, String clientId) {
    int count = keys.size();
    Map<ByteString, Integer> firstOf = new HashMap<>(count * 2);
    List<ByteString> distinct = new ArrayList<>(count);
    int[] source = new int[count];
    for (int i = 0; i < count; i++) {
      Integer first = firstOf.putIfAbsent(keys.get(i), distinct.size());
      source[i] = first == null ? distinct.size() : first;
      if (first == null) {
        distinct.add(keys.get(i));
      }
    }
    CompletableFuture<List<ReadResult>> reads = !accessTtl.changesExisting()
        ? plain.getAll(cache, distinct, clientId)
        : nodes.run(getNode, cache, distinct, ttl(accessTtl), clientId,
            part -> getAllByBucket(cache, part, accessTtl, clientId));
    return reads.thenApply(read -> {
      ReadResult[] results = new ReadResult[count];
      for (int i = 0; i < count; i++) {
        results[i] = read.get(source[i]);
        if (results[i] == null) {
          return null;
        }
      }
      return Arrays.asList(results);
    });
  }

  /**
   * Reads distinct keys with one script call per bucket (of at most {@link #MAX_KEYS_PER_CALL}
   * keys), as {@link #getAll} does where a slot moved since the topology was read: Lettuce routes
   * (and redirects) each call by its bucket's keys. Answers the results in the order of {@code
   * keys}, null for the keys whose call found the cache gone.
   */
  private CompletableFuture<List<ReadResult>> getAllByBucket(LiveCache cache,
      List<ByteString> keys, TtlSpec accessTtl, String clientId) {
    List<List<Integer>> byBucket = BucketKeys.itemsByBucket(keys, Function.identity());
    ReadResult[] results = new ReadResult[keys.size()];
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    byte[] now = num(clock.millis());
    byte[] writer = text(clientId);
    byte[] spec = ttl(accessTtl);
    for (int bucket = 0; bucket < BucketKeys.BUCKETS; bucket++) {
      List<Integer> indexes = byBucket.get(bucket);
      for (List<Integer> part : parts(indexes)) {
        byte[][] args = new byte[5 + part.size()][];
        args[0] = now;
        args[1] = cache.keys().channel(bucket);
        args[2] = writer;
        args[3] = cache.keys().entryPrefix(bucket);
        args[4] = spec;
        for (int k = 0; k < part.size(); k++) {
          args[5 + k] = keys.get(part.get(k)).toByteArray();
        }
        calls.add(GET_MANY.run(link.commands(), cache.keys().forBucket(bucket), args)
            .thenAccept(r -> {
              if (Replies.gone(r)) {
                return;
              }
              for (int k = 0, at = 0; k < part.size(); k++) {
                at = readResult(r, at, results, part.get(k));
              }
            }));
      }
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(v -> Arrays.asList(results));
  }

  /** A bucket's item positions in parts of at most {@link #MAX_KEYS_PER_CALL}, in order. */
  static List<List<Integer>> parts(List<Integer> indexes) {
    List<List<Integer>> parts = new ArrayList<>();
    for (int from = 0; from < indexes.size(); from += MAX_KEYS_PER_CALL) {
      parts.add(indexes.subList(from, Math.min(indexes.size(), from + MAX_KEYS_PER_CALL)));
    }
    return parts;
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
    return run(SET, cache, write.key(), clientId, writeArgs(write))
        .thenApply(r -> {
          if (r == null) {
            return null;
          }
          WriteResult[] result = new WriteResult[1];
          writeAnswer(r, 0, List.of(write), 0, result);
          return result[0];
        });
  }

  /**
   * Applies many writes with one script call per master that serves them ({@link NodeBatches}),
   * each write still applied atomically and as {@link #set} applies it; the writes on one key
   * apply in the order given. Answers the results in the order of {@code writes}, null for each
   * write whose call found the cache gone.
   */
  CompletableFuture<List<WriteResult>> setAll(LiveCache cache, List<WriteRequest> writes,
      String clientId) {
    return nodes.run(setNode, cache, writes, new byte[0], clientId,
        part -> many(SET_MANY, cache, part, WriteRequest::key, this::writeArgs,
            new WriteResult[part.size()], KeyScripts::writeAnswer, clientId));
  }

  /** write_entry's nine arguments. */
  private byte[][] writeArgs(WriteRequest write) {
    byte[] condition = switch (write.condition()) {
      case ALWAYS -> new byte[] {'A'};
      case IF_ABSENT -> new byte[] {'B'};
      case IF_PRESENT -> new byte[] {'P'};
      case VALUE_EQUALS -> new byte[] {'V'};
      case VERSION_EQUALS -> new byte[] {'N'};
    };
    return new byte[][] {write.value().toByteArray(), condition,
        write.expectedValue().toByteArray(), num(write.expectedVersion()),
        ttl(write.createTtl()), ttl(write.updateTtl()), ttl(write.notAppliedAccessTtl()),
        flag(write.returnPrevious()), num(versions.next())};
  }

  /** Head bits of write_entry's answer (prelude.lua's answer_write). */
  private static final int HAD_PREVIOUS = 4;
  private static final int EXPIRED_ON_WRITE = 8;
  private static final int MET_EXPIRED = 16;
  private static final int PREVIOUS_ANSWERED = 32;
  private static final int EXPIRES = 64;

  /**
   * Reads write_entry's answer from {@code at} into {@code results[k]}, for {@code part}'s
   * {@code k}th write: a head, the version, then only the fields the head names. Answers where
   * the next answer starts.
   */
  private static int writeAnswer(List<Object> r, int at, List<WriteRequest> part, int k,
      WriteResult[] results) {
    int head = (int) number(r, at);
    Outcome outcome = switch (head & 3) {
      case 0 -> Outcome.CREATED;
      case 1 -> Outcome.UPDATED;
      default -> Outcome.NOT_APPLIED;
    };
    long version = number(r, at + 1);
    int next = at + 2;
    long expiresIn = 0;
    if ((head & EXPIRES) != 0) {
      expiresIn = number(r, next++);
    }
    ExpiredEntry expired = null;
    if ((head & MET_EXPIRED) != 0) {
      expired = new ExpiredEntry(bytes(r, next + 1), number(r, next));
      next += 2;
    }
    ByteString previous = null;
    if ((head & PREVIOUS_ANSWERED) != 0) {
      previous = previous(r, next, next + 1, seen -> part.get(seen - 1).value(),
          answer -> results[answer - 1].previousValue());
      next += 2;
    }
    results[k] = new WriteResult(outcome, version, (head & HAD_PREVIOUS) != 0, previous,
        (head & EXPIRED_ON_WRITE) != 0, expired, expiresIn);
    return next;
  }

  CompletableFuture<RemoveResult> remove(LiveCache cache, RemoveRequest removal, String clientId) {
    return run(REMOVE, cache, removal.key(), clientId, removeArgs(removal))
        .thenApply(r -> {
          if (r == null) {
            return null;
          }
          RemoveResult[] result = new RemoveResult[1];
          removeAnswer(r, 0, List.of(removal), 0, result);
          return result[0];
        });
  }

  /** Removes many keys as {@link #setAll} writes them: one script call per master. */
  CompletableFuture<List<RemoveResult>> removeAll(LiveCache cache, List<RemoveRequest> removals,
      String clientId) {
    return nodes.run(removeNode, cache, removals, new byte[0], clientId,
        part -> many(REMOVE_MANY, cache, part, RemoveRequest::key, KeyScripts::removeArgs,
            new RemoveResult[part.size()], KeyScripts::removeAnswer, clientId));
  }

  /** remove_entry's five arguments. */
  private static byte[][] removeArgs(RemoveRequest removal) {
    byte[] condition = switch (removal.condition()) {
      case ALWAYS -> new byte[] {'A'};
      case VALUE_EQUALS -> new byte[] {'V'};
      case VERSION_EQUALS -> new byte[] {'N'};
    };
    return new byte[][] {condition, removal.expectedValue().toByteArray(),
        num(removal.expectedVersion()), ttl(removal.notAppliedAccessTtl()),
        flag(removal.returnPrevious())};
  }

  /**
   * Reads remove_entry's eight fields from {@code at} into {@code partResults[k]}; answers where
   * the next answer starts.
   */
  private static int removeAnswer(List<Object> r, int at, List<RemoveRequest> part,
      int k, RemoveResult[] partResults) {
    RemoveRequest removal = part.get(k);
    boolean hadPrevious = truth(r, at + 1);
    ByteString previous = hadPrevious && removal.returnPrevious()
        ? previous(r, at + 5, at + 7, seen -> {
            // A removal stores nothing, so no value of its call's requests is ever current.
            throw new IllegalStateException("remove_many answered a value stored by a removal");
          }, answer -> partResults[answer - 1].previousValue())
        : null;
    partResults[k] = new RemoveResult(truth(r, at), hadPrevious, previous, number(r, at + 2),
        expired(r, at + 3, at + 6));
    return at + REMOVE_FIELDS;
  }

  /**
   * A previous value the script answered: its bytes at {@code valueAt}, or, when the field at
   * {@code seenAt} says where its bytes went by already in the same call (a positive position:
   * the value of that write; a negative one: that answer's previous value; see prelude.lua's
   * SEEN), those bytes, shared rather than sent again.
   */
  private static ByteString previous(List<Object> r, int valueAt, int seenAt,
      IntFunction<ByteString> requestValue, IntFunction<ByteString> answeredValue) {
    long seen = number(r, seenAt);
    if (seen == 0) {
      return bytes(r, valueAt);
    }
    return seen > 0 ? requestValue.apply((int) seen) : answeredValue.apply((int) -seen);
  }

  /**
   * Runs {@code script} on the items of a batch (the part of one whose master's call was refused,
   * see {@link NodeBatches}), one call per bucket of at most {@link #MAX_KEYS_PER_CALL} items; a
   * bucket's calls run one after the other, so its items apply in the order given (Redis would
   * run them in that order anyway, but a call sent again in full after NOSCRIPT could overtake the
   * next one). Each item's arguments are its key's bytes then {@code argsOf}'s; {@code reader} reads its answer. Answers {@code results} filled in the order of {@code items}, null
   * where a call found the cache gone.
   */
  private <R, T> CompletableFuture<List<T>> many(LuaScript script, LiveCache cache, List<R> items,
      Function<R, ByteString> keyOf, Function<R, byte[][]> argsOf, T[] results,
      NodeBatches.Answers<R, T> reader, String clientId) {
    List<List<Integer>> byBucket = BucketKeys.itemsByBucket(items, keyOf);
    List<CompletableFuture<Void>> buckets = new ArrayList<>();
    byte[] writer = text(clientId);
    for (int bucket = 0; bucket < BucketKeys.BUCKETS; bucket++) {
      if (!byBucket.get(bucket).isEmpty()) {
        buckets.add(manyFrom(script, cache, bucket, byBucket.get(bucket), 0, items, keyOf, argsOf,
            results, reader, writer));
      }
    }
    return CompletableFuture.allOf(buckets.toArray(CompletableFuture[]::new))
        .thenApply(v -> Arrays.asList(results));
  }

  /** One bucket's calls of {@link #many}, from its {@code from}th item on. */
  private <R, T> CompletableFuture<Void> manyFrom(LuaScript script, LiveCache cache, int bucket,
      List<Integer> indexes, int from, List<R> items, Function<R, ByteString> keyOf,
      Function<R, byte[][]> argsOf, T[] results, NodeBatches.Answers<R, T> reader,
      byte[] writer) {
    if (from >= indexes.size()) {
      return CompletableFuture.completedFuture(null);
    }
    List<Integer> partIndexes =
        indexes.subList(from, Math.min(indexes.size(), from + MAX_KEYS_PER_CALL));
    List<R> part = new ArrayList<>(partIndexes.size());
    List<ByteString> partKeys = new ArrayList<>(partIndexes.size());
    List<byte[]> args = new ArrayList<>();
    args.add(num(clock.millis()));
    args.add(cache.keys().channel(bucket));
    args.add(writer);
    args.add(new byte[0]);
    for (int index : partIndexes) {
      R item = items.get(index);
      part.add(item);
      partKeys.add(keyOf.apply(item));
      args.add(keyOf.apply(item).toByteArray());
      args.addAll(Arrays.asList(argsOf.apply(item)));
    }
    return script.run(link.commands(), cache.keys().forKeys(bucket, partKeys),
            args.toArray(byte[][]::new))
        .thenCompose(r -> {
          if (Replies.gone(r)) {
            return CompletableFuture.completedFuture(null);
          }
          T[] partResults = Arrays.copyOf(results, part.size());
          Arrays.fill(partResults, null);
          for (int k = 0, at = 0; k < part.size(); k++) {
            at = reader.read(r, at, part, k, partResults);
          }
          for (int k = 0; k < part.size(); k++) {
            results[partIndexes.get(k)] = partResults[k];
          }
          return manyFrom(script, cache, bucket, indexes, from + MAX_KEYS_PER_CALL, items, keyOf,
              argsOf, results, reader, writer);
        });
  }
}
