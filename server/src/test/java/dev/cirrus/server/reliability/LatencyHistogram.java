package dev.cirrus.server.reliability;

/**
 * Latencies in geometric buckets 2% wide, from 1 µs to about a minute: percentiles within 2%
 * whatever the run's length, in a few kilobytes. One per worker thread (not thread-safe), merged
 * at the end.
 */
final class LatencyHistogram {
  private static final double RATIO = 1.02;
  private static final double LOG_RATIO = Math.log(RATIO);
  private static final int BUCKETS = (int) Math.ceil(Math.log(60e6) / LOG_RATIO) + 1;

  private final long[] counts = new long[BUCKETS];
  private long total;

  void record(long nanos) {
    double micros = Math.max(1.0, nanos / 1_000.0);
    int bucket = Math.min(BUCKETS - 1, (int) (Math.log(micros) / LOG_RATIO));
    counts[bucket]++;
    total++;
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  long count() {
    return total;
  }

  /** The latency at or below which {@code fraction} of the recorded calls finished, in µs. */
  double percentileMicros(double fraction) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.pow(RATIO, i + 1);
      }
    }
    return Math.pow(RATIO, BUCKETS);
  }
}
