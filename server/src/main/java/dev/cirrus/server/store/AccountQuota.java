package dev.cirrus.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.google.protobuf.ByteString;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * One account's share of the memory budget, when the server sets a quota: the account's entries
 * mirrored (references only) in a Caffeine policy bounded by the quota, so that when the account
 * passes it, the entries its own policy chooses (least recently and frequently used of the
 * account) are evicted, never another account's.
 *
 * <p>Concurrency and lock order: {@link #record} and {@link #forget} run inside the store's
 * compute for the key (the store's lock, then the policy's); the policy's eviction runs on the
 * recording thread and only queues the victim. The store removes queued victims with {@link
 * #evictQueued} after its compute returns, holding no lock, so the two maps' locks are never taken
 * in the other order. A victim rewritten meanwhile is a different entry and stays.
 */
final class AccountQuota {
  /** No quota: records nothing, evicts nothing. */
  static final AccountQuota NONE = new AccountQuota();

  private record Victim(EntryKey key, StoredEntry entry) {}

  private final Cache<EntryKey, StoredEntry> policy;
  private final Queue<Victim> victims = new ConcurrentLinkedQueue<>();

  private AccountQuota() {
    policy = null;
  }

  AccountQuota(long quotaBytes) {
    if (quotaBytes <= 0) {
      throw new IllegalArgumentException("quotaBytes must be positive, got " + quotaBytes);
    }
    policy = Caffeine.newBuilder()
        .maximumWeight(quotaBytes)
        .<EntryKey, StoredEntry>weigher((k, v) -> CacheSlot.weigh(k.key(), v))
        // On the writing thread, so the account is back under its quota when its write returns.
        .executor(Runnable::run)
        .evictionListener((EntryKey k, StoredEntry v, RemovalCause cause) -> {
          if (k != null && v != null && cause.wasEvicted()) {
            victims.add(new Victim(k, v));
          }
        })
        .build();
  }

  /** The entry now stored for {@code key} (inside the store's compute for it). */
  void record(CacheSlot slot, ByteString key, StoredEntry stored) {
    if (policy != null) {
      policy.put(new EntryKey(slot, key), stored);
    }
  }

  /** The key's entry left the store (inside its compute, or its eviction). */
  void forget(CacheSlot slot, ByteString key) {
    if (policy != null) {
      policy.invalidate(new EntryKey(slot, key));
    }
  }

  /** A read of {@code key}: it counts as used for the account's policy. */
  void used(CacheSlot slot, ByteString key) {
    if (policy != null) {
      policy.getIfPresent(new EntryKey(slot, key));
    }
  }

  /** Hands each entry the policy chose to {@code evict}; call holding no lock of the store. */
  void evictQueued(BiConsumer<EntryKey, StoredEntry> evict) {
    Victim victim;
    while ((victim = victims.poll()) != null) {
      evict.accept(victim.key(), victim.entry());
    }
  }
}
