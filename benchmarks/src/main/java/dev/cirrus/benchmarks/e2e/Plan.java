package dev.cirrus.benchmarks.e2e;

/**
 * How long each workload runs. {@code quick} gives indicative figures in about a minute and a
 * half for all targets; {@code full} is the one to quote; {@code profile} runs only long enough
 * for a profiler to gather a few thousand samples.
 *
 * @param latencyWarmup operations before latency samples are kept: in a full run, enough for the
 *     JIT compilers of both processes to have compiled the call's path and for the server's first
 *     collections after the load to have run (with fewer, the tails measured those instead)
 * @param latencyOps latency samples per workload (100-byte values; half as many for 10 KiB, a
 *     tenth for 100 KiB)
 * @param warmupMillis warm-up of each fixed-duration run
 * @param measureMillis measured part of each fixed-duration run
 * @param creates createCache calls measured (after a few unmeasured ones)
 * @param nearBatches batches of {@link #NEAR_BATCH} near-cache hits measured
 */
record Plan(
    int latencyWarmup, int latencyOps, long warmupMillis, long measureMillis, int creates,
    int nearBatches) {

  static final int KEYS = 10_000;
  static final int NEAR_BATCH = 1_000;

  static Plan named(String name) {
    return switch (name) {
      case "quick" -> new Plan(1_500, 2_500, 400, 800, 10, 200);
      case "full" -> new Plan(30_000, 15_000, 1_000, 3_000, 40, 1_000);
      case "profile" -> new Plan(20_000, 60_000, 2_000, 10_000, 20, 1_000);
      default -> throw new IllegalArgumentException(
          "unknown mode '" + name + "'; use quick, full or profile");
    };
  }
}
