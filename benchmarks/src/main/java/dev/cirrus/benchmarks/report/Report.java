package dev.cirrus.benchmarks.report;

import dev.cirrus.benchmarks.servers.Args;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code docs/benchmarks.md} and the throughput chart from one run's result files.
 *
 * <p>Usage: {@code Report --results DIR --facts FILE --out MD --chart PNG [--sections MD]
 * [--jmh CSV]}.
 */
public final class Report {

  /** One row of the figures table. */
  record Metric(String key, String label, Unit unit) {}

  enum Unit {
    MICROS("µs", false), OPS("ops/s", true), MILLIS("ms", false), NANOS("ns", false),
    BYTES("B", false);

    final String symbol;
    final boolean higherIsBetter;

    Unit(String symbol, boolean higherIsBetter) {
      this.symbol = symbol;
      this.higherIsBetter = higherIsBetter;
    }
  }

  static final List<Metric> METRICS = List.of(
      new Metric("get_100B.p50_us", "get p50, 100 B", Unit.MICROS),
      new Metric("get_100B.p99_us", "get p99, 100 B", Unit.MICROS),
      new Metric("get_100B.p999_us", "get p99.9, 100 B", Unit.MICROS),
      new Metric("put_100B.p50_us", "put p50, 100 B", Unit.MICROS),
      new Metric("put_100B.p99_us", "put p99, 100 B", Unit.MICROS),
      new Metric("put_100B.p999_us", "put p99.9, 100 B", Unit.MICROS),
      new Metric("get_10KiB.p50_us", "get p50, 10 KiB", Unit.MICROS),
      new Metric("get_10KiB.p99_us", "get p99, 10 KiB", Unit.MICROS),
      new Metric("get_10KiB.p999_us", "get p99.9, 10 KiB", Unit.MICROS),
      new Metric("put_10KiB.p50_us", "put p50, 10 KiB", Unit.MICROS),
      new Metric("put_10KiB.p99_us", "put p99, 10 KiB", Unit.MICROS),
      new Metric("put_10KiB.p999_us", "put p99.9, 10 KiB", Unit.MICROS),
      new Metric("get_100KiB.p50_us", "get p50, 100 KiB", Unit.MICROS),
      new Metric("get_100KiB.p99_us", "get p99, 100 KiB", Unit.MICROS),
      new Metric("get_100KiB.p999_us", "get p99.9, 100 KiB", Unit.MICROS),
      new Metric("put_100KiB.p50_us", "put p50, 100 KiB", Unit.MICROS),
      new Metric("put_100KiB.p99_us", "put p99, 100 KiB", Unit.MICROS),
      new Metric("put_100KiB.p999_us", "put p99.9, 100 KiB", Unit.MICROS),
      new Metric("get_tput_1t.ops_s", "get throughput, 1 thread", Unit.OPS),
      new Metric("get_tput_4t.ops_s", "get throughput, 4 threads", Unit.OPS),
      new Metric("get_tput_16t.ops_s", "get throughput, 16 threads", Unit.OPS),
      new Metric("getAll_100.ops_s", "getAll(100 keys), calls/s, 1 thread", Unit.OPS),
      new Metric("getAll_100.p50_us", "getAll(100 keys) p50", Unit.MICROS),
      new Metric("putAll_100.ops_s", "putAll(100 entries), calls/s, 1 thread", Unit.OPS),
      new Metric("putAll_100.p50_us", "putAll(100 entries) p50", Unit.MICROS),
      new Metric("mix_90_10_4t.ops_s", "90/10 get/put mix, 4 threads", Unit.OPS),
      new Metric("zipf_90_10_16t.ops_s", "90/10 mix, Zipf-skewed keys, 16 threads", Unit.OPS),
      new Metric("get_1KiB_64t.ops_s", "get throughput, 1 KiB, 64 threads", Unit.OPS),
      new Metric("put_1KiB_64t.ops_s", "put throughput, 1 KiB, 64 threads", Unit.OPS),
      new Metric("get_100B.alloc_B_op", "client allocation per get, 100 B", Unit.BYTES),
      new Metric("put_100B.alloc_B_op", "client allocation per put, 100 B", Unit.BYTES),
      new Metric("get_10KiB.alloc_B_op", "client allocation per get, 10 KiB", Unit.BYTES),
      new Metric("put_10KiB.alloc_B_op", "client allocation per put, 10 KiB", Unit.BYTES),
      new Metric("get_100KiB.alloc_B_op", "client allocation per get, 100 KiB", Unit.BYTES),
      new Metric("put_100KiB.alloc_B_op", "client allocation per put, 100 KiB", Unit.BYTES),
      new Metric("get_tput_16t.alloc_B_op", "client allocation per get, 16 threads", Unit.BYTES),
      new Metric("getAll_100.alloc_B_op", "client allocation per getAll(100)", Unit.BYTES),
      new Metric("putAll_100.alloc_B_op", "client allocation per putAll(100)", Unit.BYTES),
      new Metric("get_tput_16t.cpu_us_op", "client CPU per get, 16 threads", Unit.MICROS),
      new Metric("get_1KiB_64t.cpu_us_op", "client CPU per get, 1 KiB, 64 threads", Unit.MICROS),
      new Metric("createCache.p50_ms", "createCache p50", Unit.MILLIS),
      new Metric("createCache.p99_ms", "createCache p99", Unit.MILLIS),
      new Metric("near_hit.ns_op", "near-cache hit (median of 1,000-get batches)", Unit.NANOS));

  static final Map<String, String> NAMES = Map.of(
      "cirrus", "Cirrus",
      "redisson", "Redisson / Redis",
      "hazelcast", "Hazelcast client",
      "hazelcast-fjp2", "Hazelcast client, FJP=2",
      "caffeine", "Caffeine JCache (in-process)",
      "grpc-echo", "gRPC echo (defaults)",
      "grpc-echo-direct", "gRPC echo (direct executors)",
      "netty-echo", "Netty epoll echo",
      "tcp-echo", "TCP echo (floor)");

  private final RunResults results;
  private final Map<String, String> facts;
  /** label → {busy % of the machine before the target started, others' CPU % during it}. */
  private final Map<String, String[]> load;

  private Report(RunResults results, Map<String, String> facts, Map<String, String[]> load) {
    this.results = results;
    this.facts = facts;
    this.load = load;
  }

  private static Map<String, String[]> readLoad(Path file) throws IOException {
    Map<String, String[]> load = new java.util.HashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] cells = line.split("\t");
        if (cells.length == 3) {
          load.put(cells[0], new String[] {cells[1], cells[2]});
        }
      }
    }
    return load;
  }

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv);
    RunResults results = RunResults.read(Path.of(args.get("results")));
    Map<String, String> facts = RunResults.readTsv(Path.of(args.get("facts")));
    Report report = new Report(results, facts,
        readLoad(Path.of(args.get("results")).resolve("load.tsv")));
    Path chart = Path.of(args.get("chart"));
    ThroughputChart.draw(results, NAMES, report.subtitle(), chart);
    String sections = args.get("sections", "").isEmpty() || !Files.exists(Path.of(args.get("sections")))
        ? "" : Files.readString(Path.of(args.get("sections")), StandardCharsets.UTF_8);
    String jmh = args.get("jmh", "").isEmpty() || !Files.exists(Path.of(args.get("jmh")))
        ? "" : JmhTable.markdown(Path.of(args.get("jmh")));
    String markdown = report.markdown(chart.getFileName().toString(), jmh, sections);
    Files.writeString(Path.of(args.get("out")), markdown, StandardCharsets.UTF_8);
    System.out.println(report.summary());
  }

  /** A fact of the run, or of the plan the drivers recorded ({@code plan.*}). */
  private String fact(String key) {
    String value = facts.get(key);
    if (value != null) {
      return value;
    }
    for (String target : results.targets()) {
      Optional<String> planned = results.text(target, "plan." + key);
      if (planned.isPresent()) {
        return planned.get();
      }
    }
    return "?";
  }

  /** How many runs each figure is the median of (1 when the run did not say). */
  private int runs() {
    try {
      return Integer.parseInt(fact("runs"));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  String subtitle() {
    return fact("mode") + " run, " + fact("date") + ", " + fact("cores") + " cores shared by client and"
        + " server, Java " + fact("java");
  }

  String markdown(String chartFile, String jmh, String sections) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Generated by `benchmarks/run.sh").append(fact("mode").equals("full") ? "" : " --" + fact("mode"))
        .append("` on ").append(fact("date")).append(" (").append(fact("mode"))
        .append(" mode, ").append(fact("elapsed")).append(" s in total). Re-run it to refresh this page;")
        .append(" the section \"Where the time goes\" comes from `benchmarks/where-the-time-goes.md`.")
        .append(runs() > 1 ? " Every figure is the median of " + runs() + " runs, interleaved (every"
            + " target once, then again), each run's own in `benchmarks/target/results/"
            + fact("mode") + "/run-N/`." : "")
        .append("\n\n");
    loadWarning(md);
    howToRun(md);
    machine(md);
    method(md);
    md.append("## Targets\n\n");
    targets(md);
    md.append("## Figures\n\n");
    md.append("Lower is better for µs, ms and ns; higher for ops/s. `—` means the workload does not"
        + " apply (the echo floors have no caches).\n\n");
    figures(md);
    md.append("\n![get throughput by thread count](").append(chartFile).append(")\n\n");
    md.append("## Cirrus as a ratio to each peer (same run)\n\n");
    md.append("Each cell is Cirrus's figure divided by the peer's. For latencies (µs, ms, ns) below 1"
        + " means Cirrus is faster; for throughput (ops/s) above 1 means Cirrus is faster.\n\n");
    ratios(md);
    reference(md);
    if (!jmh.isEmpty()) {
      md.append("## In-JVM hot paths (JMH)\n\n").append(jmh).append('\n');
    }
    if (!sections.isEmpty()) {
      md.append(sections.strip()).append('\n');
    }
    return md.toString();
  }

  private static void howToRun(StringBuilder md) {
    md.append("## How to run\n\n");
    md.append("From the repository root (builds what it needs, installs `redis-server` with apt if it"
        + " is missing, starts every server on 127.0.0.1 and stops all it started):\n\n");
    md.append("| command | what | time on 2 cores |\n| --- | --- | --- |\n");
    md.append("| `benchmarks/run.sh` | every target, every workload; rewrites this page and the chart |"
        + " 8–9 min |\n");
    md.append("| `benchmarks/run.sh --quick` | the same with short runs (indicative figures) | ~2–3 min |\n");
    md.append("| `benchmarks/run.sh --jmh` | adds the JMH benchmarks to the page | +2 min |\n");
    md.append("| `benchmarks/run.sh --jmh-only` | only JMH, printed; the same as `java -cp"
        + " \"benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)\""
        + " org.openjdk.jmh.Main dev.cirrus.benchmarks.jmh` after a build | 2 min |\n");
    md.append("| `benchmarks/run.sh --profile` | JFR of Cirrus's client and server for single-thread gets,"
        + " 16-thread gets and near-cache hits; summaries in `benchmarks/target/profile/` | 2–3 min |\n");
    md.append("| `benchmarks/run.sh --transport` | the gRPC echo with each of the client's gRPC choices"
        + " switched on alone; `benchmarks/target/transport/summary.txt` | 2 min |\n");
    md.append("| `benchmarks/run.sh --metrics-cost` | the Cirrus get with the server's per-cache"
        + " recording on and off (`--cache-metrics`), interleaved, 3 of each; medians and their ratio"
        + " into `benchmarks/metrics-cost.md`, the section \"What recording costs\" below | 5 min"
        + " (`--quick`: 2 min) |\n");
    md.append("| `--runs N` | every target N times, interleaved; each figure is the median of the N |"
        + " N times as long |\n");
    md.append("| `--targets cirrus,redisson,...` | only some targets | |\n\n");
    md.append("The module `benchmarks/` (`cirrus-benchmarks`) compiles in the normal build and runs no"
        + " tests there.\n\n");
  }

  /** Says loudly when other processes took a large share of the shared cores during the run. */
  private void loadWarning(StringBuilder md) {
    List<String> busy = new ArrayList<>();
    load.forEach((target, l) -> {
      try {
        if (Integer.parseInt(l[1]) >= 25) {
          busy.add(NAMES.getOrDefault(target, target) + " " + l[1] + "%");
        }
      } catch (NumberFormatException e) {
        busy.add(NAMES.getOrDefault(target, target) + " ?");
      }
    });
    if (!busy.isEmpty()) {
      busy.sort(null);
      md.append("> **Disturbed run.** Other processes on this machine used a large share of its cores"
          + " while these targets were measured (% of the machine): ").append(String.join(", ", busy))
          .append(". Their figures are lower (throughput) and higher (latency) than on a quiet machine,"
              + " and ratios between targets measured under different load are unreliable. Re-run"
              + " `benchmarks/run.sh` on a quiet machine before drawing conclusions from single"
              + " ratios; the profile-based findings below do not depend on it.\n\n");
    }
  }

  private void machine(StringBuilder md) {
    md.append("## Machine\n\n");
    md.append("| | |\n| --- | --- |\n");
    md.append("| cores | ").append(fact("cores")).append(" (").append(fact("cpu")).append(")"
        + " — **client and server share the ").append(fact("cores")).append(" cores**: every figure"
        + " includes the server's CPU time competing with the client's |\n");
    md.append("| code measured | ").append(fact("commit")).append(" |\n");
    md.append("| memory | ").append(fact("memory")).append(" |\n");
    md.append("| OS | ").append(fact("os")).append(" |\n");
    md.append("| Java | ").append(fact("java_full")).append(" |\n");
    md.append("| other load | the cores are shared with whatever else runs on the machine: before each"
        + " target the script waits (up to 30 s) for the machine to be nearly idle, and the last"
        + " row of the figures says how much CPU other processes used while that target was"
        + " measured |\n");
    md.append("| JVM options | servers `").append(fact("server_opts")).append("`, drivers `")
        .append(fact("driver_opts")).append("` |\n");
    md.append("| peers | Redisson ").append(fact("redisson")).append(" on redis-server ")
        .append(fact("redis")).append(" (`--save \"\" --appendonly no`); Hazelcast ")
        .append(fact("hazelcast")).append(" client against one member in its own JVM; Caffeine"
            + " JCache ").append(fact("caffeine_jcache")).append(" (store-by-value); grpc-java ")
        .append(fact("grpc")).append(" |\n\n");
  }

  private void method(StringBuilder md) {
    md.append("## Method\n\n");
    md.append("- Every target runs in its own driver JVM, launched by `benchmarks/run.sh`, against"
        + " its server in its own JVM (or process, for Redis) on 127.0.0.1; only the server of the"
        + " target being measured is running.\n");
    md.append("- All caches are reached through the plain `javax.cache` API: `String` keys,"
        + " `byte[]` values, a default `MutableConfiguration` (store-by-value, no expiry, no"
        + " statistics). 10,000 keys are loaded into a 100-byte, a 1 KiB and a 10 KiB cache, 1,000"
        + " into a 100 KiB cache, before measuring.\n");
    md.append("- Latency: ").append(fact("latency_ops")).append(" operations on random keys after ")
        .append(fact("latency_warmup")).append(" unmeasured ones (half of each for 10 KiB, a tenth"
            + " for 100 KiB), one `System.nanoTime()` pair per operation, percentiles of the sorted"
            + " samples. The unmeasured ones let the JIT compilers of client and server finish the"
            + " call's path, and the server's collections after the load run, before any sample is"
            + " kept, and every JVM starts with its heap touched (`-XX:+AlwaysPreTouch`), as a"
            + " process that has run for a while has touched it: see \"The tails of a fresh"
            + " process\" under \"Where the time goes\"; every server JVM (Cirrus's, the"
            + " Hazelcast member, the echoes) keeps its heap on 2 MiB pages"
            + " (`-XX:+UseTransparentHugePages`), as the README advises for Cirrus's server.\n");
    md.append("- Throughput: fixed-duration runs (").append(fact("warmup_ms")).append(" ms warm-up, ")
        .append(fact("measure_ms")).append(" ms measured) of random-key gets on 1, 4 and 16 client"
            + " threads sharing one CacheManager (one client, as an application would).\n");
    md.append("- getAll/putAll: 100 distinct random keys per call, one thread, fixed duration.\n");
    md.append("- Users' workloads: a 90/10 get/put mix on 16 threads whose keys follow a Zipf"
        + " distribution (skew 0.99, as YCSB: the hottest 100 of the 10,000 keys draw half the"
        + " operations), and 1 KiB gets and puts on 64 threads, each a fixed-duration run.\n");
    md.append("- Client costs, measured in the driver JVM over the measured operations of each"
        + " workload: bytes allocated (all its threads, the client library's own included) and"
        + " process CPU time (JIT and GC included), each divided by the operations. They do not"
        + " depend on how busy the machine is, so they show a change in the client's work per"
        + " call even when the latencies are noisy. The TCP echo allocates its answer's array,"
        + " as any client must.\n");
    md.append("- createCache: ").append(fact("creates")).append(" caches created (and destroyed,"
        + " untimed) after 3 unmeasured ones.\n");
    md.append("- Near-cache hits: every key read once through the near cache, then batches of 1,000"
        + " random gets timed as a whole; the figure is the median batch's time per get. For Caffeine"
        + " this is its ordinary in-process get (the ceiling).\n");
    md.append("- The echo floors move the payload the cache operation would move (a get echoes a"
        + " value; getAll of 100 keys echoes 100 values) and have no caches."
        + " The Netty epoll echo is the TCP echo's server written the way Cirrus serves its data"
        + " path (Netty's native epoll transport, one event loop per core shared by every"
        + " connection), with the same client: beside the blocking TCP echo (a thread per"
        + " connection) it shows what serving from event loops costs on its own on this machine.\n");
    md.append("- The Hazelcast client is measured twice: with the JVM's defaults, where 2 cores give"
        + " the common ForkJoinPool a parallelism of 1 and `CompletableFuture` then starts a thread"
        + " per async task, and with `-Djava.util.concurrent.ForkJoinPool.common.parallelism=2`"
        + " (\"at its best\").\n\n");
  }

  private Optional<Double> cirrus(String metric) {
    return results.number("cirrus", metric);
  }

  private Optional<Double> ratio(String peer, String metric) {
    return results.ratio("cirrus", peer, metric);
  }

  private void targets(StringBuilder md) {
    md.append("| target | this run | verdict |\n| --- | --- | --- |\n");
    for (Goals.Goal goal : new Goals(results).all()) {
      String verdict;
      String figure = goal.comparison();
      if (!goal.known()) {
        verdict = "not measured";
        if (goal.text().startsWith("near")) {
          figure = results.text("cirrus", "near_hit.note").orElse("n/a");
        }
      } else {
        verdict = goal.met() ? "**met**" : "**missed**";
      }
      md.append("| ").append(goal.text()).append(" | ").append(figure).append(" | ")
          .append(verdict).append(" |\n");
    }
    md.append("\nA missed target is work to do; see \"Where the time goes\" for what costs the time"
        + " and what to change.\n\n");
  }

  private void figures(StringBuilder md) {
    List<String> targets = results.targets();
    md.append("| workload | unit |");
    targets.forEach(t -> md.append(' ').append(NAMES.getOrDefault(t, t)).append(" |"));
    md.append("\n| --- | --- |");
    targets.forEach(t -> md.append(" ---: |"));
    md.append('\n');
    for (Metric metric : METRICS) {
      md.append("| ").append(metric.label()).append(" | ").append(metric.unit().symbol).append(" |");
      for (String target : targets) {
        md.append(' ').append(cell(target, metric)).append(" |");
      }
      md.append('\n');
    }
    if (!load.isEmpty()) {
      md.append("| CPU of other processes while measured | % of machine |");
      for (String target : targets) {
        String[] l = load.get(target);
        md.append(' ').append(l == null ? "?" : l[1]).append(" |");
      }
      md.append('\n');
    }
    List<String> notes = new ArrayList<>();
    for (String target : targets) {
      for (Metric metric : METRICS) {
        String workload = metric.key().substring(0, metric.key().indexOf('.'));
        results.text(target, workload + ".error").ifPresent(e ->
            notes.add(NAMES.getOrDefault(target, target) + ", " + workload + ": " + e));
        results.text(target, workload + ".misses").ifPresent(m ->
            notes.add(NAMES.getOrDefault(target, target) + ", " + workload + ": " + m
                + " misses on keys that were loaded"));
      }
    }
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.stream().distinct().forEach(n -> md.append("- ").append(n).append('\n'));
    }
  }

  private String cell(String target, Metric metric) {
    Optional<Double> value = results.number(target, metric.key());
    if (value.isPresent()) {
      return format(value.get(), metric.unit());
    }
    String workload = metric.key().substring(0, metric.key().indexOf('.'));
    if (results.text(target, workload + ".error").isPresent()) {
      return "error";
    }
    return results.text(target, workload + ".note").orElse("—");
  }

  private void ratios(StringBuilder md) {
    List<String> peers = results.targets().stream().filter(t -> !t.equals("cirrus")).toList();
    if (!results.has("cirrus") || peers.isEmpty()) {
      md.append("(no Cirrus figures in this run)\n\n");
      return;
    }
    md.append("| workload |");
    peers.forEach(p -> md.append(" vs ").append(NAMES.getOrDefault(p, p)).append(" |"));
    md.append("\n| --- |");
    peers.forEach(p -> md.append(" ---: |"));
    md.append('\n');
    for (Metric metric : METRICS) {
      if (cirrus(metric.key()).isEmpty()) {
        continue;
      }
      md.append("| ").append(metric.label()).append(metric.unit().higherIsBetter ? " ↑" : " ↓")
          .append(" |");
      for (String peer : peers) {
        md.append(' ').append(ratio(peer, metric.key()).map(r -> fmt(r) + "×").orElse("—")).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  /** The reference figures the targets were set against, beside this run's, as a sanity check. */
  private void reference(StringBuilder md) {
    record Ref(String target, String metric, String label, String reference) {}
    List<Ref> refs = List.of(
        new Ref("redisson", "get_100B.p50_us", "Redisson get p50", "94 µs"),
        new Ref("redisson", "put_100B.p50_us", "Redisson put p50", "91 µs"),
        new Ref("redisson", "get_tput_1t.ops_s", "Redisson get, 1 thread", "10.8k ops/s"),
        new Ref("redisson", "get_tput_4t.ops_s", "Redisson get, 4 threads", "35.9k ops/s"),
        new Ref("redisson", "get_tput_16t.ops_s", "Redisson get, 16 threads", "41.1k ops/s"),
        new Ref("redisson", "getAll_100.ops_s", "Redisson getAll(100)", "3.3k ops/s"),
        new Ref("redisson", "putAll_100.ops_s", "Redisson putAll(100)", "1.65k ops/s"),
        new Ref("hazelcast", "get_100B.p50_us", "Hazelcast get p50", "116 µs"),
        new Ref("hazelcast-fjp2", "get_100B.p50_us", "Hazelcast get p50, FJP=2", "79 µs"),
        new Ref("hazelcast", "get_tput_16t.ops_s", "Hazelcast get, 16 threads", "8.5k ops/s"),
        new Ref("hazelcast-fjp2", "get_tput_16t.ops_s", "Hazelcast get, 16 threads, FJP=2", "63k ops/s"),
        new Ref("grpc-echo", "get_100B.p50_us", "gRPC echo p50", "199 µs"),
        new Ref("grpc-echo-direct", "get_100B.p50_us", "gRPC echo p50, direct", "157 µs"),
        new Ref("grpc-echo", "get_tput_16t.ops_s", "gRPC echo, 16 threads", "29k ops/s"),
        new Ref("grpc-echo-direct", "get_tput_16t.ops_s", "gRPC echo, 16 threads, direct", "47k ops/s"),
        new Ref("tcp-echo", "get_100B.p50_us", "TCP echo p50", "62 µs"),
        new Ref("tcp-echo", "get_tput_16t.ops_s", "TCP echo, 16 threads", "119k ops/s"),
        new Ref("caffeine", "near_hit.ns_op", "Caffeine JCache get", "70 ns"));
    md.append("## The peers against the reference figures\n\n");
    md.append("The reference figures the targets were set from (another 2-core machine of the same"
        + " kind), beside this run's, to show the apparatus measures the peers as they were measured"
        + " there.\n\n");
    md.append("| figure | reference | this run |\n| --- | ---: | ---: |\n");
    for (Ref ref : refs) {
      Metric metric = METRICS.stream().filter(m -> m.key().equals(ref.metric())).findFirst().orElseThrow();
      String mine = results.number(ref.target(), ref.metric())
          .map(v -> format(v, metric.unit()) + " " + metric.unit().symbol).orElse("—");
      md.append("| ").append(ref.label()).append(" | ").append(ref.reference()).append(" | ")
          .append(mine).append(" |\n");
    }
    md.append('\n');
  }

  String summary() {
    StringBuilder out = new StringBuilder("targets:\n");
    for (Goals.Goal goal : new Goals(results).all()) {
      out.append(String.format(Locale.ROOT, "  %-70s %-12s %s%n", goal.text(), goal.comparison(),
          !goal.known() ? "not measured" : goal.met() ? "met" : "MISSED"));
    }
    return out.toString();
  }

  static String format(double value, Unit unit) {
    return switch (unit) {
      case OPS -> ThroughputChart.human(Math.round(value < 1e4 ? value : Math.round(value / 100) * 100.0));
      case NANOS, BYTES -> String.format(Locale.ROOT, "%.0f", value);
      default -> fmt(value);
    };
  }

  static String fmt(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (value >= 0.1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
