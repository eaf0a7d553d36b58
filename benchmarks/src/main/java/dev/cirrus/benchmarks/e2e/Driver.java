package dev.cirrus.benchmarks.e2e;

import dev.cirrus.benchmarks.servers.Args;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs every workload against one target and writes its figures.
 *
 * <p>Usage: {@code Driver --kind cirrus|redisson|hazelcast|caffeine|grpc-echo|tcp-echo
 * --label NAME --mode quick|full|profile --out FILE [--port P] [--token-file F] [--direct]
 * [--uri cirrus://h1:p1,h2:p2] [--cluster h:p,...] [--only workload,...] [--time-limit SECONDS]
 * [--barrier DIR]}.
 *
 * <p>Workloads, all on 10,000 String keys loaded before measuring: single-thread get and put
 * latency with 100-byte and 10 KiB values; get throughput with 1, 4 and 16 threads; getAll and
 * putAll of 100 keys; a 90/10 get/put mix on 4 threads; createCache latency; near-cache hits.
 */
public final class Driver {

  static final int SMALL = 100;
  static final int LARGE = 10 * 1024;
  private static final int BATCH = 100;
  private static final int BATCH_SETS = 64;

  private final Target target;
  private final Plan plan;
  private final Results results;
  private final Set<String> only;
  /** With {@code --barrier DIR}: where this driver says it is loaded and waits for the go. */
  private final Path barrier;
  private final String label;
  private final String[] keys = new String[Plan.KEYS];
  private final Map<Integer, byte[]> values = new LinkedHashMap<>();

  private Driver(Target target, Plan plan, Results results, Set<String> only, Path barrier,
      String label) {
    this.target = target;
    this.plan = plan;
    this.results = results;
    this.only = only;
    this.barrier = barrier;
    this.label = label;
    for (int i = 0; i < keys.length; i++) {
      keys[i] = String.format("key-%05d", i);
    }
    Random random = new Random(42);
    for (int size : new int[] {SMALL, LARGE}) {
      byte[] value = new byte[size];
      random.nextBytes(value);
      values.put(size, value);
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Plan plan = Plan.named(args.get("mode", "quick"));
    Results results = new Results(Path.of(args.get("out")));
    Set<String> only = new LinkedHashSet<>();
    if (!args.get("only", "").isBlank()) {
      only.addAll(Arrays.asList(args.get("only").split(",")));
    }
    startWatchdog(Integer.parseInt(args.get("time-limit", "600")));
    results.put("label", args.get("label", args.get("kind")));
    results.put("kind", args.get("kind"));
    results.put("plan.latency_ops", Integer.toString(plan.latencyOps()));
    results.put("plan.latency_warmup", Integer.toString(plan.latencyWarmup()));
    results.put("plan.warmup_ms", Long.toString(plan.warmupMillis()));
    results.put("plan.measure_ms", Long.toString(plan.measureMillis()));
    results.put("plan.creates", Integer.toString(plan.creates()));
    results.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    long setup = System.nanoTime();
    try (Target target = Providers.create(args.get("kind"), args)) {
      results.put("setup.s", (System.nanoTime() - setup) / 1e9);
      String barrier = args.get("barrier", "");
      new Driver(target, plan, results, only, barrier.isBlank() ? null : Path.of(barrier),
          args.get("label", args.get("kind"))).runAll();
    }
    results.write();
    System.out.println("done " + args.get("label", args.get("kind")));
    // Some clients leave non-daemon threads behind after close; the figures are written.
    System.exit(0);
  }

  /** Ends the JVM if the run overstays its bound, so the script's time limit always holds. */
  private static void startWatchdog(int seconds) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(seconds * 1_000L);
        System.err.println("driver time limit of " + seconds + " s reached; stopping");
        Runtime.getRuntime().halt(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "driver-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private void runAll() throws Exception {
    Target.Dataset small = load("bench-100B", SMALL);
    Target.Dataset large = load("bench-10KiB", LARGE);
    byte[] smallValue = values.get(SMALL);
    byte[] largeValue = values.get(LARGE);
    awaitBarrier();

    latency("get_100B", small, false, smallValue, plan.latencyWarmup(), plan.latencyOps());
    latency("put_100B", small, true, smallValue, plan.latencyWarmup(), plan.latencyOps());
    latency("get_10KiB", large, false, largeValue, plan.latencyWarmup() / 2, plan.latencyOps() / 2);
    latency("put_10KiB", large, true, largeValue, plan.latencyWarmup() / 2, plan.latencyOps() / 2);
    for (int threads : new int[] {1, 4, 16}) {
      throughput("get_tput_" + threads + "t", small, threads);
    }
    batches(small, smallValue);
    mix("mix_90_10_4t", small, smallValue, 4);
    createCache("createCache");
    nearHits("near_hit", "bench-100B");
  }

  /**
   * Drivers started together (one per node) load their data at different speeds; each says it is
   * ready ({@code DIR/ready-LABEL}) and waits for {@code DIR/go}, so that they measure together.
   */
  private void awaitBarrier() throws IOException, InterruptedException {
    if (barrier == null) {
      return;
    }
    Files.writeString(barrier.resolve("ready-" + label), "");
    while (!Files.exists(barrier.resolve("go"))) {
      Thread.sleep(5);
    }
  }

  private boolean selected(String workload) {
    return only.isEmpty() || only.contains(workload);
  }

  private Target.Dataset load(String name, int size) throws Exception {
    Target.Dataset dataset = target.dataset(name, size);
    byte[] value = values.get(size);
    long start = System.nanoTime();
    for (int from = 0; from < keys.length; from += BATCH) {
      Map<String, byte[]> chunk = new LinkedHashMap<>();
      for (int i = from; i < Math.min(keys.length, from + BATCH); i++) {
        chunk.put(keys[i], value);
      }
      dataset.putAll(chunk);
    }
    results.put("load_" + name + ".s", (System.nanoTime() - start) / 1e9);
    return dataset;
  }

  private interface Workload {
    void run() throws Exception;
  }

  /** Runs one workload; a failure is recorded as the workload's figure and the run goes on. */
  private void measure(String workload, Workload body) throws Exception {
    if (!selected(workload)) {
      return;
    }
    long start = System.nanoTime();
    try {
      body.run();
    } catch (Exception | Error e) {
      results.put(workload + ".error", e.toString());
      System.err.println(workload + " failed:");
      e.printStackTrace();
    }
    System.out.printf("%-14s %.1f s%n", workload, (System.nanoTime() - start) / 1e9);
    results.write();
  }

  private int[] randomIndexes(int count, long seed) {
    Random random = new Random(seed);
    int[] indexes = new int[count];
    for (int i = 0; i < count; i++) {
      indexes[i] = random.nextInt(keys.length);
    }
    return indexes;
  }

  private void latency(
      String workload, Target.Dataset dataset, boolean write, byte[] value, int warmup, int ops)
      throws Exception {
    measure(workload, () -> {
      int[] order = randomIndexes(warmup + ops, workload.hashCode());
      LongAdder misses = new LongAdder();
      Measure.Latencies latencies = Measure.latencies(warmup, ops, write
          ? i -> dataset.put(keys[order[i % order.length]], value)
          : i -> {
            if (dataset.get(keys[order[i % order.length]]) == null) {
              misses.increment();
            }
          });
      results.put(workload + ".p50_us", latencies.percentileMicros(50));
      results.put(workload + ".p99_us", latencies.percentileMicros(99));
      results.put(workload + ".p999_us", latencies.percentileMicros(99.9));
      results.put(workload + ".mean_us", latencies.meanMicros());
      recordMisses(workload, misses);
    });
  }

  private void throughput(String workload, Target.Dataset dataset, int threads) throws Exception {
    measure(workload, () -> {
      LongAdder misses = new LongAdder();
      double opsPerSecond = Measure.throughput(threads, plan.warmupMillis(), plan.measureMillis(),
          i -> {
            if (dataset.get(keys[ThreadLocalRandom.current().nextInt(keys.length)]) == null) {
              misses.increment();
            }
          });
      results.put(workload + ".ops_s", opsPerSecond);
      recordMisses(workload, misses);
    });
  }

  private void recordMisses(String workload, LongAdder misses) {
    if (misses.sum() > 0) {
      results.put(workload + ".misses", misses.sum());
    }
  }

  private void batches(Target.Dataset dataset, byte[] value) throws Exception {
    List<Set<String>> keySets = new ArrayList<>();
    List<Map<String, byte[]>> entrySets = new ArrayList<>();
    Random random = new Random(7);
    for (int s = 0; s < BATCH_SETS; s++) {
      Set<String> set = new LinkedHashSet<>();
      Map<String, byte[]> entries = new LinkedHashMap<>();
      while (set.size() < BATCH) {
        String key = keys[random.nextInt(keys.length)];
        set.add(key);
        entries.put(key, value);
      }
      keySets.add(set);
      entrySets.add(entries);
    }
    measure("getAll_100", () -> {
      LongAdder misses = new LongAdder();
      Measure.Timed timed = Measure.timed(plan.warmupMillis(), plan.measureMillis(), i -> {
        int found = dataset.getAll(keySets.get(i % BATCH_SETS));
        if (found != BATCH) {
          misses.add(BATCH - found);
        }
      });
      results.put("getAll_100.ops_s", timed.opsPerSecond());
      results.put("getAll_100.p50_us", timed.latencies().percentileMicros(50));
      results.put("getAll_100.p99_us", timed.latencies().percentileMicros(99));
      recordMisses("getAll_100", misses);
    });
    measure("putAll_100", () -> {
      Measure.Timed timed = Measure.timed(plan.warmupMillis(), plan.measureMillis(),
          i -> dataset.putAll(entrySets.get(i % BATCH_SETS)));
      results.put("putAll_100.ops_s", timed.opsPerSecond());
      results.put("putAll_100.p50_us", timed.latencies().percentileMicros(50));
      results.put("putAll_100.p99_us", timed.latencies().percentileMicros(99));
    });
  }

  private void mix(String workload, Target.Dataset dataset, byte[] value, int threads)
      throws Exception {
    measure(workload, () -> {
      double opsPerSecond = Measure.throughput(threads, plan.warmupMillis(), plan.measureMillis(),
          i -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String key = keys[random.nextInt(keys.length)];
            if (random.nextInt(10) == 0) {
              dataset.put(key, value);
            } else {
              dataset.get(key);
            }
          });
      results.put(workload + ".ops_s", opsPerSecond);
    });
  }

  private void createCache(String workload) throws Exception {
    if (!target.createsCaches()) {
      return;
    }
    measure(workload, () -> {
      String prefix = "bench-create-" + ProcessHandle.current().pid() + "-";
      int warmup = 3;
      long[] nanos = new long[plan.creates()];
      for (int i = 0; i < warmup + plan.creates(); i++) {
        String name = prefix + i;
        long took = target.timeCreateCache(name);
        if (i >= warmup) {
          nanos[i - warmup] = took;
        }
        target.dropCache(name);
      }
      Arrays.sort(nanos);
      Measure.Latencies latencies = new Measure.Latencies(nanos);
      results.put(workload + ".p50_ms", latencies.percentileMicros(50) / 1_000.0);
      results.put(workload + ".p99_ms", latencies.percentileMicros(99) / 1_000.0);
    });
  }

  /**
   * Near-cache hits: every key is read once through the near cache, then batches of
   * {@link Plan#NEAR_BATCH} random gets are timed as a whole (a single hit is too short for a
   * clock read per operation); the figure is the median batch's time per get.
   */
  private void nearHits(String workload, String cacheName) throws Exception {
    measure(workload, () -> {
      Target.NearCache near = target.nearCache(cacheName, SMALL);
      if (near.dataset().isEmpty()) {
        results.put(workload + ".note", near.absentReason());
        return;
      }
      Target.Dataset dataset = near.dataset().get();
      for (String key : keys) {
        dataset.get(key);
      }
      int[] order = randomIndexes(Plan.NEAR_BATCH, 11);
      int warmup = Math.max(50, plan.nearBatches() / 5);
      long[] perOp = new long[plan.nearBatches()];
      long misses = 0;
      for (int b = 0; b < warmup + plan.nearBatches(); b++) {
        long start = System.nanoTime();
        for (int index : order) {
          if (dataset.get(keys[index]) == null) {
            misses++;
          }
        }
        long took = System.nanoTime() - start;
        if (b >= warmup) {
          perOp[b - warmup] = took / Plan.NEAR_BATCH;
        }
      }
      Arrays.sort(perOp);
      results.put(workload + ".ns_op", perOp[perOp.length / 2]);
      results.put(workload + ".p99_batch_ns_op", perOp[(int) (perOp.length * 0.99)]);
      if (misses > 0) {
        results.put(workload + ".misses", misses);
      }
    });
  }
}
