package dev.cirrus.server.store.redis;

import static dev.cirrus.server.store.redis.Replies.num;
import static dev.cirrus.server.store.redis.Replies.number;
import static dev.cirrus.server.store.redis.Replies.text;

import com.google.protobuf.ByteString;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A batch sent to the Redis masters that serve it: one script call per master (of at most {@link
 * #MAX_ITEMS_PER_CALL} items) carrying the items of every bucket that master serves, rather than
 * one call per bucket, so a batch costs one round trip per master and each master runs one
 * script instead of one per bucket it holds. Each item is still read or changed atomically, by
 * the same Lua functions as its single-key script, and its answer is the same.
 *
 * <p>The master of each bucket comes from the topology Lettuce last read, and a slot may have
 * moved since. The node script looks at every bucket's slot before it writes anything (see
 * prelude.lua's {@code each_node_item}) and answers "not mine" for the whole call when one is not
 * served there; that call's items then go by the per-bucket scripts (the caller's {@code
 * byBucket}), whose keys Lettuce routes and redirects (MOVED, ASK) like any single-key call. A
 * call applies all of its items or none, so no item is applied twice.
 */
final class NodeBatches {
  /** Items per call: a script holds its master for its whole run. */
  static final int MAX_ITEMS_PER_CALL = 128;
  private static final byte[][] NO_KEYS = new byte[0][];
  /** A node script's first field when a bucket's slot is not served where it ran. */
  private static final long NOT_MINE = -2;

  /**
   * What one kind of batch sends and reads.
   *
   * @param keyOf an item's key
   * @param argsOf an item's arguments after its key, as the script reads them
   * @param newArray arrays of results
   * @param answers how an item's answer is read
   * @param ordered whether a key's items must apply in the order given (writes): a master's
   *     calls then run one after another, else all at once
   */
  record Kind<R, T>(LuaScript script, Function<R, ByteString> keyOf, Function<R, byte[][]> argsOf,
      IntFunction<T[]> newArray, Answers<R, T> answers, boolean ordered) {}

  /** How one item's answer becomes its result. */
  @FunctionalInterface
  interface Answers<R, T> {
    /**
     * Reads the answer of {@code part}'s {@code k}th item, which starts at {@code at}, into
     * {@code results[k]} ({@code results} holds the call's results read so far, for the values
     * shared between them); answers where the next item's answer starts.
     */
    int read(List<Object> reply, int at, List<R> part, int k, T[] results);
  }

  private final RedisLink link;
  private final Clock clock;

  NodeBatches(RedisLink link, Clock clock) {
    this.link = link;
    this.clock = clock;
  }

  /**
   * Runs a batch: the items grouped by bucket and the buckets by master, one call per master (per
   * {@link #MAX_ITEMS_PER_CALL} items). A call refused because a slot moved, and the items of a
   * bucket whose master is unknown, go through {@code byBucket} instead.
   *
   * @param head the script's fourth argument, shared by every item
   * @param byBucket the per-bucket path: results in the order of the items it is given, null for
   *     an item whose call found the cache gone
   * @return the results in the order of {@code items}, null where a call found the cache gone
   *     (none of that call's items applied)
   */
  <R, T> CompletableFuture<List<T>> run(Kind<R, T> kind, LiveCache cache, List<R> items,
      byte[] head, String clientId, Function<List<R>, CompletableFuture<List<T>>> byBucket) {
    List<List<Integer>> buckets = BucketKeys.itemsByBucket(items, kind.keyOf());
    Routes routes = routes(link, cache, buckets);
    List<Integer> unrouted = new ArrayList<>();
    routes.unrouted().forEach(b -> unrouted.addAll(buckets.get(b)));
    T[] results = kind.newArray().apply(items.size());
    Batch<R, T> batch = new Batch<>(kind, cache, items, head, text(clientId), byBucket, results);
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    if (!unrouted.isEmpty()) {
      calls.add(batch.byBucket(new Call(null, List.of(), unrouted)));
    }
    routes.byMaster().forEach((master, masterBuckets) -> {
      List<Call> masterCalls = calls(master, masterBuckets, buckets);
      if (kind.ordered()) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Call call : masterCalls) {
          chain = chain.thenCompose(v -> batch.send(call));
        }
        calls.add(chain);
      } else {
        masterCalls.forEach(call -> calls.add(batch.send(call)));
      }
    });
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(v -> Arrays.asList(results));
  }

  /**
   * The buckets that hold items, by the master that serves each in the topology last read.
   *
   * @param byMaster each master's buckets, in bucket order (masters in the order of their first)
   * @param unrouted the buckets whose master is unknown
   */
  record Routes(Map<String, List<Integer>> byMaster, List<Integer> unrouted) {}

  /** Routes the buckets of {@code itemsByBucket} that hold items (see {@link Routes}). */
  static Routes routes(RedisLink link, LiveCache cache, List<List<Integer>> itemsByBucket) {
    Map<String, List<Integer>> byMaster = new LinkedHashMap<>();
    List<Integer> unrouted = new ArrayList<>();
    for (int b = 0; b < BucketKeys.BUCKETS; b++) {
      if (itemsByBucket.get(b).isEmpty()) {
        continue;
      }
      String master = link.masterOf(cache.keys().slot(b));
      if (master == null) {
        unrouted.add(b);
      } else {
        byMaster.computeIfAbsent(master, m -> new ArrayList<>()).add(b);
      }
    }
    return new Routes(byMaster, unrouted);
  }

  /**
   * One call to a master: its buckets' items in order, {@code groups} saying where each bucket's
   * items start (bucket, first position in {@code items}).
   */
  private record Call(String master, List<int[]> groups, List<Integer> items) {}

  /** A master's items cut into calls of at most {@link #MAX_ITEMS_PER_CALL}, buckets in order. */
  private static List<Call> calls(String master, List<Integer> masterBuckets,
      List<List<Integer>> buckets) {
    List<Call> calls = new ArrayList<>();
    List<int[]> groups = new ArrayList<>();
    List<Integer> items = new ArrayList<>();
    for (int bucket : masterBuckets) {
      List<Integer> bucketItems = buckets.get(bucket);
      int from = 0;
      while (from < bucketItems.size()) {
        if (items.size() == MAX_ITEMS_PER_CALL) {
          calls.add(new Call(master, groups, items));
          groups = new ArrayList<>();
          items = new ArrayList<>();
        }
        int to = Math.min(bucketItems.size(), from + MAX_ITEMS_PER_CALL - items.size());
        groups.add(new int[] {bucket, items.size()});
        items.addAll(bucketItems.subList(from, to));
        from = to;
      }
    }
    calls.add(new Call(master, groups, items));
    return calls;
  }

  /** One batch under way: what it sends, and its results as they come. */
  private final class Batch<R, T> {
    private final Kind<R, T> kind;
    private final LiveCache cache;
    private final List<R> items;
    private final byte[] head;
    private final byte[] writer;
    private final Function<List<R>, CompletableFuture<List<T>>> fallback;
    /** Each call writes its own items' places; read once every call has completed. */
    private final T[] results;

    Batch(Kind<R, T> kind, LiveCache cache, List<R> items, byte[] head, byte[] writer,
        Function<List<R>, CompletableFuture<List<T>>> fallback, T[] results) {
      this.kind = kind;
      this.cache = cache;
      this.items = items;
      this.head = head;
      this.writer = writer;
      this.fallback = fallback;
      this.results = results;
    }

    /**
     * Sends {@code call} to its master; when the master cannot be reached on its own connection
     * (gone from the topology), is a replica now, or answers that a slot is not its own, sends
     * the call's items by bucket instead: in each of those cases the script did not run or wrote
     * nothing.
     */
    CompletableFuture<Void> send(Call call) {
      return link.commandsOn(call.master()).handle((redis, e) -> redis)
          .thenCompose(redis -> redis == null ? byBucket(call) : run(redis, call));
    }

    private CompletableFuture<Void> run(RedisClusterAsyncCommands<byte[], byte[]> redis,
        Call call) {
      List<byte[]> args = new ArrayList<>();
      args.add(num(clock.millis()));
      args.add(new byte[0]);
      args.add(writer);
      args.add(head);
      List<R> part = new ArrayList<>(call.items().size());
      for (int g = 0; g < call.groups().size(); g++) {
        int bucket = call.groups().get(g)[0];
        int from = call.groups().get(g)[1];
        int to = g + 1 < call.groups().size() ? call.groups().get(g + 1)[1] : call.items().size();
        args.add(cache.keys().base(bucket));
        args.add(num(to - from));
        for (int k = from; k < to; k++) {
          R item = items.get(call.items().get(k));
          part.add(item);
          args.add(kind.keyOf().apply(item).toByteArray());
          args.addAll(Arrays.asList(kind.argsOf().apply(item)));
        }
      }
      return kind.script().run(redis, NO_KEYS, args.toArray(byte[][]::new))
          .handle((reply, e) -> {
            if (e != null) {
              // A script without the no-writes flag is refused before it runs on a replica: the
              // master was demoted since the topology was read.
              return LuaScript.unwrap(e) instanceof RedisReadOnlyException
                  ? byBucket(call) : CompletableFuture.<Void>failedFuture(e);
            }
            if (number(reply, 0) == NOT_MINE) {
              return byBucket(call);
            }
            if (!Replies.gone(reply)) {
              read(reply, call, part);
            }
            return CompletableFuture.<Void>completedFuture(null);
          })
          .thenCompose(Function.identity());
    }

    private void read(List<Object> reply, Call call, List<R> part) {
      T[] partResults = kind.newArray().apply(part.size());
      for (int k = 0, at = 0; k < part.size(); k++) {
        at = kind.answers().read(reply, at, part, k, partResults);
      }
      for (int k = 0; k < part.size(); k++) {
        results[call.items().get(k)] = partResults[k];
      }
    }

    /** The call's items by the per-bucket path, in the order they have in the call. */
    CompletableFuture<Void> byBucket(Call call) {
      List<R> part = new ArrayList<>(call.items().size());
      call.items().forEach(i -> part.add(items.get(i)));
      return fallback.apply(part).thenAccept(partResults -> {
        for (int k = 0; k < part.size(); k++) {
          results[call.items().get(k)] = partResults.get(k);
        }
      });
    }
  }
}
