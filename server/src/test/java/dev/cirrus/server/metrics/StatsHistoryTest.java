package dev.cirrus.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The console's percentiles, read from latency bucket counts. */
class StatsHistoryTest {
  private static final int BUCKETS = CacheMeters.LATENCY_BUCKETS.length;

  /** Counts at or below each bucket bound, with {@code counts[i]} calls in bucket {@code i}. */
  private static long[] cumulative(long... counts) {
    long[] out = new long[BUCKETS];
    long running = 0;
    for (int i = 0; i < BUCKETS; i++) {
      running += i < counts.length ? counts[i] : 0;
      out[i] = running;
    }
    return out;
  }

  private static double boundMillis(int bucket) {
    return CacheMeters.LATENCY_BUCKETS[bucket].toNanos() / 1e6;
  }

  @Test
  void percentile_ofCallsAllInOneBucket_isInterpolatedWithinIt() {
    long[] counts = cumulative(0, 0, 100); // all 100 in the third bucket
    double p50 = StatsHistory.percentile(counts, 100, 0.5);
    assertEquals(boundMillis(1) + (boundMillis(2) - boundMillis(1)) * 0.5, p50, 1e-9);
    assertTrue(StatsHistory.percentile(counts, 100, 0.99) <= boundMillis(2));
  }

  @Test
  void percentile_p99_findsTheSlowTail() {
    long[] counts = cumulative(0, 0, 98, 0, 0, 0, 0, 0, 0, 0, 2); // 2 % in a slow bucket
    assertTrue(StatsHistory.percentile(counts, 100, 0.5) <= boundMillis(2));
    double p99 = StatsHistory.percentile(counts, 100, 0.99);
    assertTrue(p99 > boundMillis(9) && p99 <= boundMillis(10), "p99 " + p99);
  }

  @Test
  void percentile_withoutCalls_isNaN_andBeyondTheLastBound_isTheLastBound() {
    assertTrue(Double.isNaN(StatsHistory.percentile(cumulative(), 0, 0.5)));
    // 10 calls counted, none within a bound: all slower than the last one.
    assertEquals(boundMillis(BUCKETS - 1), StatsHistory.percentile(cumulative(), 10, 0.5), 1e-9);
  }
}
