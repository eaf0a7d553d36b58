package dev.cirrus.server.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request meters of one {@code account}/{@code cache} label pair. Recording a call is a few
 * adder increments and one timer sample on meters looked up by array index; a method's meters are
 * registered on its first call, so a cache only ever read has no write series.
 *
 * <p>Concurrency: the meters are thread-safe; the arrays are atomic so a meter registered by one
 * thread is seen whole by the others (two threads registering at once get the same meter back from
 * the registry).
 */
public final class CacheMeters {
  /**
   * Latency buckets of the time a call spends in the store: microseconds for a point call in
   * memory, so the fine buckets sit there; the coarse ones catch batches, scans and stalls (GC, a
   * loaded machine).
   */
  static final Duration[] LATENCY_BUCKETS = {
      micros(5), micros(10), micros(25), micros(50), micros(100), micros(200), micros(350), micros(500), micros(750),
      Duration.ofMillis(1), micros(2500), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(1)};

  static final String REQUESTS = "cirrus.requests";
  static final String LATENCY = "cirrus.request.latency";
  static final String READS = "cirrus.reads";
  static final String RECEIVED = "cirrus.data.received";
  static final String SENT = "cirrus.data.sent";

  private final String account;
  private final String cache;
  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicReferenceArray<Counter> requests =
      new AtomicReferenceArray<>(RequestKind.values().length * Outcome.COUNT);
  private final AtomicReferenceArray<Timer> latency =
      new AtomicReferenceArray<>(RequestKind.values().length);
  private final Counter hits;
  private final Counter misses;
  private final Counter received;
  private final Counter sent;
  /** Every meter registered for this pair, to remove them together; guarded by itself. */
  private final List<Meter> owned = new ArrayList<>();
  /** Guarded by {@link #owned}. */
  private boolean removed;

  CacheMeters(String account, String cache, MeterRegistry registry) {
    this.account = requireNonNull(account, "account");
    this.cache = requireNonNull(cache, "cache");
    this.registry = requireNonNull(registry, "registry");
    this.tags = Tags.of("account", account, "cache", cache);
    this.hits = own(Counter.builder(READS).tags(tags).tag("result", "hit")
        .description("keys read, by result, single and batch reads alike").register(registry));
    this.misses = own(Counter.builder(READS).tags(tags).tag("result", "miss")
        .description("keys read, by result, single and batch reads alike").register(registry));
    this.received = own(Counter.builder(RECEIVED).tags(tags).baseUnit("bytes")
        .description("key and value bytes received in requests").register(registry));
    this.sent = own(Counter.builder(SENT).tags(tags).baseUnit("bytes")
        .description("value bytes sent back in answers").register(registry));
  }

  public String account() {
    return account;
  }

  public String cache() {
    return cache;
  }

  /** One call of {@code kind} that ended with {@code outcome} after {@code nanos}. */
  void record(RequestKind kind, int outcome, long nanos) {
    counter(kind, outcome).increment();
    timer(kind).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** {@code hit} and {@code miss} keys read. */
  void reads(int hit, int miss) {
    if (hit > 0) {
      hits.increment(hit);
    }
    if (miss > 0) {
      misses.increment(miss);
    }
  }

  /** Bytes received in a request and sent in its answer. */
  void bytes(long in, long out) {
    if (in > 0) {
      received.increment(in);
    }
    if (out > 0) {
      sent.increment(out);
    }
  }

  public long hits() {
    return (long) hits.count();
  }

  public long misses() {
    return (long) misses.count();
  }

  /** Calls counted so far, every method and outcome. */
  public long requests() {
    double total = 0;
    for (int i = 0; i < requests.length(); i++) {
      Counter c = requests.get(i);
      if (c != null) {
        total += c.count();
      }
    }
    return (long) total;
  }

  /**
   * Adds this pair's latency histogram (every method) to {@code cumulative}, one count per {@link
   * #LATENCY_BUCKETS} bucket, counts at or below each bound.
   */
  void addLatencyCounts(long[] cumulative) {
    for (int i = 0; i < latency.length(); i++) {
      Timer t = latency.get(i);
      if (t == null) {
        continue;
      }
      CountAtBucket[] buckets = t.takeSnapshot().histogramCounts();
      for (int b = 0; b < buckets.length && b < cumulative.length; b++) {
        cumulative[b] += (long) buckets[b].count();
      }
    }
  }

  private Counter counter(RequestKind kind, int outcome) {
    int index = kind.ordinal() * Outcome.COUNT + outcome;
    Counter counter = requests.get(index);
    if (counter == null) {
      counter = own(Counter.builder(REQUESTS).tags(tags)
          .tag("method", kind.label()).tag("outcome", Outcome.label(outcome))
          .description("store calls by method and outcome (hit, miss, ok, or the error's code)")
          .register(registry));
      requests.set(index, counter);
    }
    return counter;
  }

  private Timer timer(RequestKind kind) {
    Timer timer = latency.get(kind.ordinal());
    if (timer == null) {
      timer = own(Timer.builder(LATENCY).tags(tags).tag("method", kind.label())
          .description("time the store took to answer a call, by method")
          .serviceLevelObjectives(LATENCY_BUCKETS)
          .register(registry));
      latency.set(kind.ordinal(), timer);
    }
    return timer;
  }

  /** Registers {@code meter} as one of this pair's, to be removed with it. */
  <M extends Meter> M own(M meter) {
    synchronized (owned) {
      if (removed) {
        // A call that raced the cache's deletion: count it, but leave no series behind.
        registry.remove(meter);
      } else if (!owned.contains(meter)) {
        owned.add(meter);
      }
    }
    return meter;
  }

  /** Removes every meter of this pair from the registry (its cache was deleted). */
  void remove() {
    synchronized (owned) {
      removed = true;
      owned.forEach(registry::remove);
      owned.clear();
    }
  }

  private static Duration micros(long micros) {
    return Duration.ofNanos(micros * 1000);
  }
}
