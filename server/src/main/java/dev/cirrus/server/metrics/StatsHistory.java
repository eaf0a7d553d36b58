package dev.cirrus.server.metrics;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's figures over the last minutes: a ring of at most {@code capacity} samples, each
 * the rates since the one before (requests, hit ratio, evictions per second), latency percentiles
 * over that interval (from the latency histograms' bucket counts, interpolated within a bucket),
 * connections and heap. Sampling reads the meters the requests already update, so it adds nothing
 * to a request's cost.
 *
 * <p>Concurrency: {@link #sample} and {@link #samples} synchronize on this object; one scheduler
 * thread samples.
 */
public final class StatsHistory {
  private static final Logger LOG = Logger.getLogger(StatsHistory.class.getName());

  /**
   * One sample. Rates are per second over the interval before it; {@code hitRatio}, {@code
   * p50Millis} and {@code p99Millis} are NaN when that interval saw no reads or no calls.
   */
  public record Sample(long atMillis, double requestsPerSecond, double hitRatio, double p50Millis,
      double p99Millis, double evictionsPerSecond, long heapUsedBytes, long heapMaxBytes,
      Map<String, Integer> connections) {}

  private final LabelBudget labels;
  private final Map<String, IntSupplier> connections;
  private final Sample[] ring;
  /** Guarded by this: the next slot, how many are filled, and the totals of the last sample. */
  private int next;
  private int filled;
  private Totals last;

  private record Totals(long atNanos, long requests, long hits, long misses, long evictions,
      long[] latency) {}

  StatsHistory(LabelBudget labels, Map<String, IntSupplier> connections, int capacity) {
    this.labels = requireNonNull(labels, "labels");
    this.connections = requireNonNull(connections, "connections");
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
    }
    this.ring = new Sample[capacity];
  }

  /** Takes a sample now; the first one only sets the baseline for the rates. */
  public synchronized void sample() {
    Totals now = totals();
    if (last != null) {
      double seconds = Math.max(1e-3, (now.atNanos() - last.atNanos()) / 1e9);
      long requests = Math.max(0, now.requests() - last.requests());
      long hits = Math.max(0, now.hits() - last.hits());
      long reads = hits + Math.max(0, now.misses() - last.misses());
      long[] interval = new long[now.latency().length];
      for (int i = 0; i < interval.length; i++) {
        interval[i] = Math.max(0, now.latency()[i] - last.latency()[i]);
      }
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      Map<String, Integer> open = new TreeMap<>();
      connections.forEach((transport, count) -> open.put(transport, count.getAsInt()));
      ring[next] = new Sample(System.currentTimeMillis(), requests / seconds,
          reads == 0 ? Double.NaN : (double) hits / reads,
          percentile(interval, requests, 0.50), percentile(interval, requests, 0.99),
          Math.max(0, now.evictions() - last.evictions()) / seconds, heap.getUsed(),
          heap.getMax(), open);
      next = (next + 1) % ring.length;
      filled = Math.min(filled + 1, ring.length);
    }
    last = now;
  }

  void sampleSafely() {
    try {
      sample();
    } catch (RuntimeException e) {
      // A failed sample must not cancel the schedule; the next one tries again.
      LOG.log(Level.WARNING, "event=stats_sample_failed", e);
    }
  }

  /** The samples kept, oldest first. */
  public synchronized List<Sample> samples() {
    List<Sample> out = new ArrayList<>(filled);
    int start = (next - filled + ring.length) % ring.length;
    for (int i = 0; i < filled; i++) {
      out.add(ring[(start + i) % ring.length]);
    }
    return out;
  }

  public int capacity() {
    return ring.length;
  }

  private Totals totals() {
    long requests = 0;
    long hits = 0;
    long misses = 0;
    long[] latency = new long[CacheMeters.LATENCY_BUCKETS.length];
    for (CacheMeters meters : labels.allPairs()) {
      requests += meters.requests();
      hits += meters.hits();
      misses += meters.misses();
      meters.addLatencyCounts(latency);
    }
    long evictions = 0;
    for (LabelBudget.NamedCache cache : labels.namedCaches()) {
      evictions += cache.activity().evictions();
    }
    return new Totals(System.nanoTime(), requests, hits, misses, evictions, latency);
  }

  /**
   * The {@code q} quantile in milliseconds of {@code total} calls whose counts at or below each
   * bucket bound are {@code cumulative}: linear within the bucket it falls in; the top bound when
   * it falls beyond the last one.
   */
  static double percentile(long[] cumulative, long total, double q) {
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long below = 0;
    double lower = 0;
    for (int i = 0; i < cumulative.length; i++) {
      double upper = CacheMeters.LATENCY_BUCKETS[i].toNanos() / 1e6;
      long inBucket = cumulative[i] - below;
      if (cumulative[i] >= rank && inBucket > 0) {
        return lower + (upper - lower) * ((rank - below) / inBucket);
      }
      below = Math.max(below, cumulative[i]);
      lower = upper;
    }
    return lower;
  }
}
