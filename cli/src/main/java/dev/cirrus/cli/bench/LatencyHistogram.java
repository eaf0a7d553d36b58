package dev.cirrus.cli.bench;

/**
 * Call latencies in a fixed number of buckets, whatever the number of calls: exact below 1024 µs,
 * then 64 buckets per power of two (within 1.6% of the true value), up to about 12 days. One
 * histogram per thread, merged at the end, so recording takes no lock.
 */
public final class LatencyHistogram {

  private static final int EXACT = 1024;
  private static final int SUB_BUCKETS = 64;
  private static final int EXACT_BITS = 10; // log2(EXACT)
  private static final int SUB_BITS = 6; // log2(SUB_BUCKETS)
  private static final int POWERS = 40;

  private final long[] counts = new long[EXACT + (POWERS - EXACT_BITS) * SUB_BUCKETS];
  private long total;
  private long max;

  public void recordNanos(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    counts[index(micros)]++;
    total++;
    max = Math.max(max, micros);
  }

  public void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  public long count() {
    return total;
  }

  public long maxMicros() {
    return max;
  }

  /**
   * The latency below which {@code percentile} percent of the calls fall, in microseconds (the
   * upper edge of its bucket, so never below the truth); 0 when nothing was recorded.
   */
  public long percentileMicros(double percentile) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(total * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return Math.min(upperEdge(i), max);
      }
    }
    return max;
  }

  private static int index(long micros) {
    if (micros < EXACT) {
      return (int) micros;
    }
    int power = 63 - Long.numberOfLeadingZeros(micros); // >= EXACT_BITS
    if (power >= POWERS) {
      return EXACT + (POWERS - EXACT_BITS) * SUB_BUCKETS - 1;
    }
    int sub = (int) ((micros >>> (power - SUB_BITS)) & (SUB_BUCKETS - 1));
    return EXACT + (power - EXACT_BITS) * SUB_BUCKETS + sub;
  }

  private static long upperEdge(int index) {
    if (index < EXACT) {
      return index;
    }
    int power = (index - EXACT) / SUB_BUCKETS + EXACT_BITS;
    int sub = (index - EXACT) % SUB_BUCKETS;
    long step = 1L << (power - SUB_BITS);
    return (1L << power) + (sub + 1) * step - 1;
  }
}
