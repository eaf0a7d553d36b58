package dev.cirrus.cli.bench;

/**
 * What a bench run does: {@code requests} calls spread over {@code threads}, each a set with
 * probability {@code setRatio} (else a get), on keys drawn from {@code keys} distinct ones, with
 * values of {@code valueBytes}.
 */
public record BenchPlan(String cache, long requests, int threads, int keys, int valueBytes,
    double setRatio) {

  public static final long MAX_REQUESTS = 10_000_000;
  public static final int MAX_THREADS = 64;
  public static final int MAX_KEYS = 1_000_000;
  public static final int MAX_VALUE_BYTES = 1024 * 1024;

  /** Checks every bound; the message names the option and its range. */
  public BenchPlan {
    check("--requests", requests, 1, MAX_REQUESTS);
    check("--threads", threads, 1, MAX_THREADS);
    check("--keys", keys, 1, MAX_KEYS);
    check("--value-size", valueBytes, 0, MAX_VALUE_BYTES);
    if (!(setRatio >= 0 && setRatio <= 1)) {
      throw new IllegalArgumentException("--set-ratio must be between 0 and 1, was " + setRatio);
    }
  }

  private static void check(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
