package dev.cirrus.server.store;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The contract every storage backend implements.
 *
 * <p>Guarantees: each per-key operation is atomic, including the expiry check that precedes it.
 * When an operation finds its key's entry expired, it removes it, reports it in the result's
 * {@code expired} field and publishes EXPIRED attributed to {@code clientId}, then proceeds as if
 * the key were absent. Every write assigns a new version, greater than any version the key has
 * had before, in this cache or in an earlier cache of the same name (deleted and created again,
 * or lost with a restart), so that a compare-and-set on a version a client remembers can never
 * commit over a different entry; reads and touches never do. A store shared by several nodes
 * (Redis) assigns versions from each node's clock, with no counter shared by the cluster: there a
 * key written again after its removal gets a greater version as long as the writing node's clock
 * is not behind the previous writer's by more than the time between the two writes (node clocks
 * kept in step, as NTP does), and a deleted cache's successor never shares its entries. Change events are published while the change is applied, so a
 * subscriber sees the changes of one key in application order. Batches are atomic per key only.
 *
 * <p>Operations on a cache that does not exist throw a {@code CirrusException} with reason
 * CACHE_NOT_FOUND. {@code clientId} is who the change events name as their writer: the caller's
 * {@code cirrus-client-id} bound to its token ({@code Caller.writerId()}); empty for none.
 */
public interface CacheStore extends AutoCloseable {

  // ---- control plane ----

  /** Creates a cache, or returns the existing one when {@code ifAbsent}; else ALREADY_EXISTS. */
  CreateResult create(CacheId id, ByteString clientConfig, boolean ifAbsent);

  Optional<CacheInfo> describe(CacheId id);

  /** The account's caches, sorted by name. */
  List<CacheInfo> list(String account);

  /** How many caches the account has. */
  int cacheCount(String account);

  /** Deletes the cache and its entries; its change streams end with CACHE_DELETED. */
  boolean delete(CacheId id);

  // ---- data plane ----

  ReadResult get(CacheId id, ByteString key, TtlSpec accessTtl, String clientId);

  default List<ReadResult> getAll(CacheId id, List<ByteString> keys, TtlSpec accessTtl, String clientId) {
    List<ReadResult> results = new ArrayList<>(keys.size());
    for (ByteString key : keys) {
      results.add(get(id, key, accessTtl, clientId));
    }
    return results;
  }

  /** The live entry's version, or empty; no side effects at all (no expiry change, no event). */
  Optional<Long> contains(CacheId id, ByteString key);

  /**
   * Changes a live entry's expiry without writing it.
   *
   * @param expectedVersion when non-zero, touch only an entry with this version
   */
  boolean touch(CacheId id, ByteString key, TtlSpec ttl, long expectedVersion, String clientId);

  WriteResult set(CacheId id, WriteRequest write, String clientId);

  default List<WriteResult> setAll(CacheId id, List<WriteRequest> writes, String clientId) {
    List<WriteResult> results = new ArrayList<>(writes.size());
    for (WriteRequest write : writes) {
      results.add(set(id, write, clientId));
    }
    return results;
  }

  RemoveResult remove(CacheId id, RemoveRequest removal, String clientId);

  default List<RemoveResult> removeAll(CacheId id, List<RemoveRequest> removals, String clientId) {
    List<RemoveResult> results = new ArrayList<>(removals.size());
    for (RemoveRequest removal : removals) {
      results.add(remove(id, removal, clientId));
    }
    return results;
  }

  // ---- the single-key operations, answered later ----
  //
  // For a door that must not wait on its thread (an event loop serving many connections): the
  // same operations as above, with the same semantics and refusals, whose answer comes when the
  // store has it. A refusal known before the store is asked (a key over its limit, say) may be
  // thrown at once rather than returned as a failed future; either way the failure is the same
  // CirrusException (a future's possibly wrapped in a CompletionException). The answer may
  // arrive on any thread, the store's own included: what runs after it must not block. A store
  // that answers from memory keeps these defaults (its answer is ready when the call returns); a
  // store that waits on the network implements them and its blocking calls wait for them.

  default CompletableFuture<ReadResult> getAsync(CacheId id, ByteString key, TtlSpec accessTtl,
      String clientId) {
    return CompletableFuture.completedFuture(get(id, key, accessTtl, clientId));
  }

  default CompletableFuture<List<ReadResult>> getAllAsync(CacheId id, List<ByteString> keys,
      TtlSpec accessTtl, String clientId) {
    return CompletableFuture.completedFuture(getAll(id, keys, accessTtl, clientId));
  }

  default CompletableFuture<Optional<Long>> containsAsync(CacheId id, ByteString key) {
    return CompletableFuture.completedFuture(contains(id, key));
  }

  default CompletableFuture<Boolean> touchAsync(CacheId id, ByteString key, TtlSpec ttl,
      long expectedVersion, String clientId) {
    return CompletableFuture.completedFuture(touch(id, key, ttl, expectedVersion, clientId));
  }

  default CompletableFuture<WriteResult> setAsync(CacheId id, WriteRequest write, String clientId) {
    return CompletableFuture.completedFuture(set(id, write, clientId));
  }

  default CompletableFuture<RemoveResult> removeAsync(CacheId id, RemoveRequest removal,
      String clientId) {
    return CompletableFuture.completedFuture(remove(id, removal, clientId));
  }

  /**
   * The failure an {@code ...Async} operation's future ended with, as its blocking form throws it:
   * unwrapped from the {@link CompletionException}s that stages after it add.
   */
  static Throwable failureOf(Throwable futureFailure) {
    Throwable t = futureFailure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Removes every entry without per-entry events and publishes one CLEARED; returns how many. */
  long clear(CacheId id, String clientId);

  /** One page of live entries; a key present for the whole scan is returned exactly once. */
  ScanPage scan(CacheId id, ScanRequest request, String clientId);

  /**
   * Opens a change stream whose first event is SUBSCRIBED; from then on no change is missed.
   *
   * @param heartbeatMillis when positive, a HEARTBEAT is sent at this interval
   */
  Subscription subscribe(CacheId id, ChangeSink sink, long heartbeatMillis);

  /**
   * What the cache holds and has been through, for monitoring; empty when it does not exist. A
   * backend that counts less than {@link CacheActivity} names reports what it knows and 0 for the
   * rest.
   */
  default Optional<CacheActivity> activity(CacheId id) {
    return describe(id).map(info -> new CacheActivity(info.entryCount(), info.weightBytes(), 0, 0,
        0, 0, 0));
  }

  /**
   * The services outside this process that the store needs to answer, by name (e.g. {@code
   * redis}), each telling whether it answered lately; empty for a store in the server's memory.
   * Read by health checks and metrics, so answering must not wait on the network.
   */
  default Map<String, BooleanSupplier> dependencies() {
    return Map.of();
  }

  /**
   * Whether calls wait on the network (a round trip to another process) before they return. A
   * front door must not run such calls on its event-loop threads, which serve many connections
   * each: one waiting call would stall them all. False for a store in the server's memory, whose
   * point calls return in microseconds. Such a store's single-key operations are answered
   * without a waiting thread through their {@code ...Async} forms.
   */
  default boolean blocksCallers() {
    return false;
  }

  /** Ends every change stream and releases resources; idempotent. */
  @Override
  void close();
}
