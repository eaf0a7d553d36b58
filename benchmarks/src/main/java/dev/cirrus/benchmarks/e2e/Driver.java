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
 * <p>Workloads, on String keys loaded before measuring (10,000; 1,000 for 100 KiB values):
 * single-thread get and put latency with 100-byte, 10 KiB and 100 KiB values; get throughput with
 * 1, 4 and 16 threads; getAll and putAll of 100 keys; a 90/10 get/put mix on 4 threads with
 * uniform keys and on 16 threads with Zipf-skewed keys; 1 KiB gets and puts on 64 threads;
 * createCache latency; near-cache hits. Latency and throughput workloads also record what they
 * cost the client ({@link Costs}): bytes allocated and CPU time per operation.
 */
public final class Driver {

  static final int SMALL = 100;
  static final int MEDIUM = 1024;
  static final int LARGE = 10 * 1024;
  static final int HUGE = 100 * 1024;
  /** Keys of the 100 KiB data set: 100 MiB in all, within every server's default memory. */
  private static final int HUGE_KEYS = 1_000;
  private static final int MANY_THREADS = 64;
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
  /** Misses of the workload running now, on keys that were loaded. */
  private final LongAdder misses = new LongAdder();

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
    for (int size : new int[] {SMALL, MEDIUM, LARGE, HUGE}) {
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
    Target.Dataset small = load("bench-100B", SMALL, Plan.KEYS);
    Target.Dataset large = load("bench-10KiB", LARGE, Plan.KEYS);
    byte[] smallValue = values.get(SMALL);
    byte[] largeValue = values.get(LARGE);
    awaitBarrier();

    latency("get_100B", small, false, smallValue, 1);
    latency("put_100B", small, true, smallValue, 1);
    latency("get_10KiB", large, false, largeValue, 2);
    latency("put_10KiB", large, true, largeValue, 2);
    if (selected("get_100KiB") || selected("put_100KiB")) {
      Target.Dataset huge = load("bench-100KiB", HUGE, HUGE_KEYS);
      latency("get_100KiB", huge, false, values.get(HUGE), 10);
      latency("put_100KiB", huge, true, values.get(HUGE), 10);
    }
    for (int threads : new int[] {1, 4, 16}) {
      throughput("get_tput_" + threads + "t", threads, i -> get(small, randomKey()));
    }
    batches(small, smallValue);
    throughput("mix_90_10_4t", 4, i -> mix(small, smallValue, randomKey()));
    Zipf zipf = new Zipf(keys.length, Zipf.SKEW, 23);
    throughput("zipf_90_10_16t", 16, i -> mix(small, smallValue, keys[zipf.next()]));
    if (selected("get_1KiB_64t") || selected("put_1KiB_64t")) {
      Target.Dataset medium = load("bench-1KiB", MEDIUM, Plan.KEYS);
      byte[] mediumValue = values.get(MEDIUM);
      throughput("get_1KiB_64t", MANY_THREADS, i -> get(medium, randomKey()));
      throughput("put_1KiB_64t", MANY_THREADS, i -> medium.put(randomKey(), mediumValue));
    }
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

  /** Loads the first {@code count} keys with {@code size}-byte values, about 1 MiB per putAll. */
  private Target.Dataset load(String name, int size, int count) throws Exception {
    Target.Dataset dataset = target.dataset(name, size);
    byte[] value = values.get(size);
    int batch = Math.max(1, Math.min(BATCH, (1 << 20) / size));
    long start = System.nanoTime();
    for (int from = 0; from < count; from += batch) {
      Map<String, byte[]> chunk = new LinkedHashMap<>();
      for (int i = from; i < Math.min(count, from + batch); i++) {
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
    return randomIndexes(count, seed, keys.length);
  }

  private int[] randomIndexes(int count, long seed, int keyCount) {
    Random random = new Random(seed);
    int[] indexes = new int[count];
    for (int i = 0; i < count; i++) {
      indexes[i] = random.nextInt(keyCount);
    }
    return indexes;
  }

  /**
   * Single-thread latency on random keys of {@code dataset} (as many as it holds), with the plan's
   * warm-up and sample count divided by {@code fewer} (large values take longer per call).
   */
  private void latency(
      String workload, Target.Dataset dataset, boolean write, byte[] value, int fewer)
      throws Exception {
    int warmup = plan.latencyWarmup() / fewer;
    int ops = plan.latencyOps() / fewer;
    int keyCount = value.length == HUGE ? HUGE_KEYS : keys.length;
    measure(workload, () -> {
      int[] order = randomIndexes(warmup + ops, workload.hashCode(), keyCount);
      misses.reset();
      Measure.Sampled sampled = Measure.latencies(warmup, ops, write
          ? i -> dataset.put(keys[order[i % order.length]], value)
          : i -> get(dataset, keys[order[i % order.length]]));
      Measure.Latencies latencies = sampled.latencies();
      results.put(workload + ".p50_us", latencies.percentileMicros(50));
      results.put(workload + ".p99_us", latencies.percentileMicros(99));
      results.put(workload + ".p999_us", latencies.percentileMicros(99.9));
      results.put(workload + ".mean_us", latencies.meanMicros());
      recordCosts(workload, sampled.costs());
      recordMisses(workload);
    });
  }

  /** A fixed-duration run of {@code op} on {@code threads} threads. */
  private void throughput(String workload, int threads, Measure.Op op) throws Exception {
    measure(workload, () -> {
      misses.reset();
      Measure.Rate rate = Measure.throughput(threads, plan.warmupMillis(), plan.measureMillis(), op);
      results.put(workload + ".ops_s", rate.opsPerSecond());
      recordCosts(workload, rate.costs());
      recordMisses(workload);
    });
  }

  private String randomKey() {
    return keys[ThreadLocalRandom.current().nextInt(keys.length)];
  }

  /** A get that counts a miss (every measured key was loaded). */
  private void get(Target.Dataset dataset, String key) {
    if (dataset.get(key) == null) {
      misses.increment();
    }
  }

  /** One operation of a 90/10 get/put mix. */
  private void mix(Target.Dataset dataset, byte[] value, String key) {
    if (ThreadLocalRandom.current().nextInt(10) == 0) {
      dataset.put(key, value);
    } else {
      dataset.get(key);
    }
  }

  private void recordCosts(String workload, Costs.PerOp costs) {
    results.put(workload + ".alloc_B_op", costs.allocatedBytes());
    results.put(workload + ".cpu_us_op", costs.cpuMicros());
  }

  private void recordMisses(String workload) {
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
      misses.reset();
      Measure.Timed timed = Measure.timed(plan.warmupMillis(), plan.measureMillis(), i -> {
        int found = dataset.getAll(keySets.get(i % BATCH_SETS));
        if (found != BATCH) {
          misses.add(BATCH - found);
        }
      });
      results.put("getAll_100.ops_s", timed.opsPerSecond());
      results.put("getAll_100.p50_us", timed.latencies().percentileMicros(50));
      results.put("getAll_100.p99_us", timed.latencies().percentileMicros(99));
      recordCosts("getAll_100", timed.costs());
      recordMisses("getAll_100");
    });
    measure("putAll_100", () -> {
      Measure.Timed timed = Measure.timed(plan.warmupMillis(), plan.measureMillis(),
          i -> dataset.putAll(entrySets.get(i % BATCH_SETS)));
      results.put("putAll_100.ops_s", timed.opsPerSecond());
      results.put("putAll_100.p50_us", timed.latencies().percentileMicros(50));
      results.put("putAll_100.p99_us", timed.latencies().percentileMicros(99));
      recordCosts("putAll_100", timed.costs());
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
