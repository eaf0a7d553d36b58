package dev.cirrus.server.store.redis;

import com.google.protobuf.ByteString;
import dev.cirrus.server.store.ReadResult;
import dev.cirrus.server.store.TtlSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-key gets that arrive while a get of the same cache, access TTL and caller is on its way
 * to the same master wait for it, then travel together as one node script call: a lone get goes
 * at once by itself, as it would anyway, and waits for nothing; under load, the callers' gets cost
 * the master one round trip and one script run per call instead of one each. On a loaded master
 * the fixed cost of a script call (about 8 of the 25 µs a lone get takes there) and of its
 * command in both processes is what bounds throughput, not the work per key.
 *
 * <p>A lane (master, cache, access TTL, caller) exists while one of its calls is in flight; the
 * gets that come meanwhile queue on it, up to {@link #MAX_WAITING}, beyond which they go alone so
 * that a lane whose call never ends holds no unbounded queue. When the call ends, the next one
 * takes up to {@link NodeBatches#MAX_ITEMS_PER_CALL} of the queued gets before the answers are
 * handed out, so the master is kept busy.
 */
final class CoalescedGets {
  /** Gets a lane holds back at most; the admission of calls per account bounds them first. */
  static final int MAX_WAITING = 4 * NodeBatches.MAX_ITEMS_PER_CALL;

  /** What gets must share to travel together; a cache by its incarnation (cheap to compare). */
  private record LaneKey(String master, String incarnation, TtlSpec accessTtl, String clientId) {}

  private record Waiting(ByteString key, CompletableFuture<ReadResult> answer) {}

  /** A lane's queued gets; only read and changed within the lane map's compute calls. */
  private static final class Lane {
    final LiveCache cache;
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    Lane(LiveCache cache) {
      this.cache = cache;
    }
  }

  private final KeyScripts keys;
  private final RedisLink link;
  private final ConcurrentHashMap<LaneKey, Lane> lanes = new ConcurrentHashMap<>();

  CoalescedGets(KeyScripts keys, RedisLink link) {
    this.keys = keys;
    this.link = link;
  }

  /**
   * Reads {@code key} as {@link KeyScripts#get} does (null when the call found the cache gone),
   * together with the gets queued behind a call in flight to the key's master.
   */
  CompletableFuture<ReadResult> get(LiveCache cache, ByteString key, TtlSpec accessTtl,
      String clientId) {
    String master = link.masterOf(cache.keys().slot(BucketKeys.bucketOf(key)));
    if (master == null) {
      return keys.get(cache, key, accessTtl, clientId);
    }
    LaneKey lane = new LaneKey(master, cache.incarnation(), accessTtl, clientId);
    CompletableFuture<ReadResult> answer = new CompletableFuture<>();
    boolean[] sendNow = new boolean[1];
    boolean[] alone = new boolean[1];
    lanes.compute(lane, (k, open) -> {
      if (open == null) {
        sendNow[0] = true;
        return new Lane(cache);
      }
      if (open.waiting.size() >= MAX_WAITING) {
        alone[0] = true;
      } else {
        open.waiting.add(new Waiting(key, answer));
      }
      return open;
    });
    if (alone[0]) {
      return keys.get(cache, key, accessTtl, clientId);
    }
    if (sendNow[0]) {
      send(lane, cache, List.of(new Waiting(key, answer)));
    }
    return answer;
  }

  /** One call for {@code batch}; when it ends, the lane's next call goes before the answers. */
  private void send(LaneKey lane, LiveCache cache, List<Waiting> batch) {
    CompletableFuture<List<ReadResult>> call;
    try {
      if (batch.size() == 1) {
        call = keys.get(cache, batch.get(0).key(), lane.accessTtl(), lane.clientId())
            .thenApply(read -> read == null ? null : List.of(read));
      } else {
        List<ByteString> batchKeys = new ArrayList<>(batch.size());
        batch.forEach(w -> batchKeys.add(w.key()));
        call = keys.getAll(cache, batchKeys, lane.accessTtl(), lane.clientId());
      }
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((results, failure) -> {
      next(lane);
      for (int i = 0; i < batch.size(); i++) {
        CompletableFuture<ReadResult> answer = batch.get(i).answer();
        if (failure != null) {
          answer.completeExceptionally(failure);
        } else {
          // A call that found the cache gone answers null for all: each caller looks again.
          answer.complete(results == null ? null : results.get(i));
        }
      }
    });
  }

  /** Sends the lane's queued gets, or closes the lane when none are left. */
  private void next(LaneKey lane) {
    List<Waiting> batch = new ArrayList<>();
    LiveCache[] cache = new LiveCache[1];
    lanes.computeIfPresent(lane, (k, open) -> {
      if (open.waiting.isEmpty()) {
        return null;
      }
      cache[0] = open.cache;
      while (batch.size() < NodeBatches.MAX_ITEMS_PER_CALL && !open.waiting.isEmpty()) {
        batch.add(open.waiting.poll());
      }
      return open;
    });
    if (!batch.isEmpty()) {
      send(lane, cache[0], batch);
    }
  }
}
