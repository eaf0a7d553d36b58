package dev.cirrus.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.store.CacheActivity;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Which {@code account}/{@code cache} label pair a cache's requests are recorded under, so that no
 * tenant can grow the series a scrape returns without bound. A cache gets a pair of its own when it
 * exists, while the server has fewer than {@code maxPairs} pairs and its account fewer than {@code
 * maxPerAccount}; beyond those, its requests go to its account's {@code cache="other"} pair (one
 * per account, counted among the {@code maxPairs} and the account's {@code maxPerAccount}), and
 * when even that cannot be had, to the one {@code account="other",cache="other"} pair. A request
 * for a cache that does not exist never takes a pair of its own. Deleting a cache frees its pair.
 *
 * <p>Concurrency: lookups of a known cache are a concurrent map read; assigning and freeing pairs
 * synchronize on this object.
 */
public final class LabelBudget {
  public static final int DEFAULT_MAX_PAIRS = 200;
  public static final int DEFAULT_MAX_PER_ACCOUNT = 50;
  public static final String OTHER = "other";
  /**
   * Caches (existing or not) remembered as recorded under an "other" pair, so their calls skip
   * the lock; all forgotten when there are this many.
   */
  private static final int MAX_REMEMBERED_OVERFLOW = 10_000;

  private final MeterRegistry registry;
  private final CacheStore store;
  private final int maxPairs;
  private final int maxPerAccount;
  private final CacheMeters everyoneElse;
  private final Map<CacheId, CacheMeters> named = new ConcurrentHashMap<>();
  private final Map<CacheId, CacheMeters> overflow = new ConcurrentHashMap<>();
  /** Each account's {@code cache="other"} pair; guarded by this. */
  private final Map<String, CacheMeters> accountOther = new HashMap<>();
  /** Pairs per account (its "other" included); guarded by this. */
  private final Map<String, Integer> perAccount = new HashMap<>();
  /** Pairs in use, accounts' "other" pairs included; guarded by this. */
  private int pairs;

  /**
   * @param store what the caches hold, for the gauges of each cache with a pair of its own (and to
   *     tell whether a cache exists)
   */
  public LabelBudget(MeterRegistry registry, CacheStore store, int maxPairs, int maxPerAccount) {
    this.registry = requireNonNull(registry, "registry");
    this.store = requireNonNull(store, "store");
    if (maxPairs < 1 || maxPerAccount < 1) {
      throw new IllegalArgumentException("maxPairs and maxPerAccount must be positive, got "
          + maxPairs + " and " + maxPerAccount);
    }
    this.maxPairs = maxPairs;
    this.maxPerAccount = maxPerAccount;
    this.everyoneElse = new CacheMeters(OTHER, OTHER, registry);
  }

  /** The meters {@code id}'s calls are recorded with. */
  public CacheMeters of(CacheId id) {
    CacheMeters meters = named.get(id);
    if (meters != null) {
      return meters;
    }
    meters = overflow.get(id);
    return meters != null ? meters : assign(id);
  }

  /** A cache was created: it may take a pair now (it may have been counted under "other" before). */
  void created(CacheId id) {
    overflow.remove(id);
    of(id);
  }

  /** A cache was deleted: its pair goes, with its series. */
  synchronized void deleted(CacheId id) {
    overflow.remove(id);
    CacheMeters meters = named.remove(id);
    if (meters != null) {
      meters.remove();
      pairs--;
      perAccount.merge(id.account(), -1, Integer::sum);
      perAccount.remove(id.account(), 0);
    }
  }

  private synchronized CacheMeters assign(CacheId id) {
    CacheMeters meters = named.get(id);
    if (meters != null) {
      return meters;
    }
    boolean exists = store.describe(id).isPresent();
    int ofAccount = perAccount.getOrDefault(id.account(), 0);
    // Leave room for the account's "other" pair, so its caches beyond the cap stay its own.
    int roomForOther = accountOther.containsKey(id.account()) ? 0 : 1;
    if (exists && pairs + roomForOther < maxPairs && ofAccount + roomForOther < maxPerAccount) {
      meters = new CacheMeters(id.account(), id.name(), registry);
      gauges(meters, id);
      named.put(id, meters);
      take(id.account());
      return meters;
    }
    meters = accountOther.get(id.account());
    if (meters == null && pairs < maxPairs && ofAccount < maxPerAccount) {
      meters = new CacheMeters(id.account(), OTHER, registry);
      accountOther.put(id.account(), meters);
      take(id.account());
    }
    if (meters == null) {
      meters = everyoneElse;
    }
    // Remembered whether the cache exists or not, so that calls naming invented caches skip this
    // lock too; creating the cache forgets it here (see created).
    if (overflow.size() >= MAX_REMEMBERED_OVERFLOW) {
      overflow.clear();
    }
    overflow.put(id, meters);
    return meters;
  }

  private void take(String account) {
    pairs++;
    perAccount.merge(account, 1, Integer::sum);
  }

  /** What the store holds for the cache, read at each scrape. */
  private void gauges(CacheMeters meters, CacheId id) {
    Tags tags = Tags.of("account", id.account(), "cache", id.name());
    gauge(meters, "cirrus.cache.entries", "entries stored", null, tags, id, CacheActivity::entries);
    gauge(meters, "cirrus.cache.size", "what the stored entries weigh (keys, values, bookkeeping)",
        "bytes", tags, id, CacheActivity::bytes);
    gauge(meters, "cirrus.stream.subscribers", "change streams open on the cache", null, tags, id,
        CacheActivity::subscribers);
    counter(meters, "cirrus.cache.evictions", "entries evicted for the memory budget", tags, id,
        CacheActivity::evictions);
    counter(meters, "cirrus.cache.expirations", "entries removed when their time to live ran out",
        tags, id, CacheActivity::expirations);
    counter(meters, "cirrus.stream.events.sent", "change events sent to subscribers", tags, id,
        CacheActivity::eventsSent);
    counter(meters, "cirrus.stream.events.dropped",
        "change events dropped because their subscriber's stream ended first", tags, id,
        CacheActivity::eventsDropped);
  }

  private void gauge(CacheMeters meters, String name, String description, String unit, Tags tags,
      CacheId id, ToDoubleFunction<CacheActivity> figure) {
    meters.own(Gauge.builder(name, store, s -> s.activity(id).map(figure::applyAsDouble).orElse(0.0))
        .tags(tags).description(description).baseUnit(unit).strongReference(true)
        .register(registry));
  }

  private void counter(CacheMeters meters, String name, String description, Tags tags, CacheId id,
      ToDoubleFunction<CacheActivity> figure) {
    meters.own(FunctionCounter.builder(name, store,
            s -> s.activity(id).map(figure::applyAsDouble).orElse(0.0))
        .tags(tags).description(description).register(registry));
  }

  /** The caches with a pair of their own, and what they hold now. */
  public List<NamedCache> namedCaches() {
    List<NamedCache> caches = new ArrayList<>();
    named.forEach((id, meters) -> store.activity(id)
        .ifPresent(activity -> caches.add(new NamedCache(id, meters, activity))));
    return caches;
  }

  /** Every pair's meters: the caches', the accounts' "other" ones and the last "other". */
  synchronized List<CacheMeters> allPairs() {
    List<CacheMeters> all = new ArrayList<>(named.values());
    all.addAll(accountOther.values());
    all.add(everyoneElse);
    return all;
  }

  /** Pairs in use now, each account's "other" included (the last "other" not). */
  public synchronized int pairsInUse() {
    return pairs;
  }

  public int maxPairs() {
    return maxPairs;
  }

  public int maxPerAccount() {
    return maxPerAccount;
  }

  /** A cache with a pair of its own, its meters and what it holds. */
  public record NamedCache(CacheId id, CacheMeters meters, CacheActivity activity) {}
}
