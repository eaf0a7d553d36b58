package dev.cirrus.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The targets Cirrus is held to, each judged from one run's figures: ratios to the peers and to
 * the TCP echo floor, measured side by side in the same run so that the machine's speed cancels
 * out.
 */
final class Goals {

  /** One target: its wording, this run's ratio (when measured) and whether it was met. */
  record Goal(String text, Optional<Double> value, String comparison, boolean met, boolean known) {}

  private static final String FLOOR = "tcp-echo";
  private static final String[] SIZES = {"100B", "10KiB", "100KiB"};
  private static final String[] SIZE_LABELS = {"100 B", "10 KiB", "100 KiB"};

  private final RunResults results;

  Goals(RunResults results) {
    this.results = results;
  }

  List<Goal> all() {
    List<Goal> goals = new ArrayList<>();
    for (String op : new String[] {"get", "put"}) {
      String metric = op + "_100B.p50_us";
      goals.add(atMost(op + " p50 ≤ 0.9× Redisson's", ratio("redisson", metric), 0.9));
      goals.add(atMost(op + " p50 ≤ 1.4× the TCP echo floor", ratio(FLOOR, metric), 1.4));
    }
    goals.add(atLeast("16-thread get throughput ≥ 1.5× Redisson's",
        ratio("redisson", "get_tput_16t.ops_s"), 1.5));
    Optional<Double> hz = hazelcastBest("get_tput_16t.ops_s");
    goals.add(atLeast("16-thread get throughput ≥ 1× the Hazelcast client at its best",
        cirrus("get_tput_16t.ops_s").flatMap(c -> hz.map(h -> c / h)), 1.0));
    goals.add(atLeast("getAll(100) ≥ 2× Redisson's", ratio("redisson", "getAll_100.ops_s"), 2.0));
    goals.add(atLeast("putAll(100) ≥ 2× Redisson's", ratio("redisson", "putAll_100.ops_s"), 2.0));
    goals.add(atMost("near-cache hit within 2× of Caffeine's JCache (store-by-value)",
        ratio("caffeine", "near_hit.ns_op"), 2.0));
    Optional<Double> remoteOverNear = cirrus("get_100B.p50_us")
        .flatMap(get -> cirrus("near_hit.ns_op").map(near -> get * 1_000 / near));
    goals.add(atLeast("near-cache hit ≥ 100× faster than a remote get", remoteOverNear, 100));
    Optional<Double> create = cirrus("createCache.p50_ms");
    goals.add(new Goal("createCache p50 < 5 ms", create, create.map(v -> Report.fmt(v) + " ms").orElse(""),
        create.map(v -> v < 5).orElse(false), create.isPresent()));
    floorGoals(goals);
    goals.add(aheadOfPeers());
    return goals;
  }

  /** Latency, throughput and client CPU against the TCP echo floor. */
  private void floorGoals(List<Goal> goals) {
    for (String op : new String[] {"get", "put"}) {
      for (int s = 0; s < SIZES.length; s++) {
        String workload = op + "_" + SIZES[s];
        goals.add(atMost(op + " p50, " + SIZE_LABELS[s] + ", ≤ 1.2× the TCP echo floor",
            ratio(FLOOR, workload + ".p50_us"), 1.2));
        goals.add(atMost(op + " p99.9, " + SIZE_LABELS[s] + ", ≤ 3× the TCP echo floor's",
            ratio(FLOOR, workload + ".p999_us"), 3.0));
      }
    }
    String[][] throughputs = {
        {"get_tput_4t.ops_s", "4-thread gets"}, {"get_tput_16t.ops_s", "16-thread gets"},
        {"getAll_100.ops_s", "getAll(100)"}, {"putAll_100.ops_s", "putAll(100)"},
        {"mix_90_10_4t.ops_s", "the 90/10 mix"}};
    for (String[] t : throughputs) {
      goals.add(atLeast(t[1] + " ≥ 0.85× the TCP echo floor's rate", ratio(FLOOR, t[0]), 0.85));
    }
    goals.add(atMost("client CPU per get at 16 threads ≤ 1.5× the TCP echo floor's",
        ratio(FLOOR, "get_tput_16t.cpu_us_op"), 1.5));
  }

  /** No workload of the figures table in which Redisson or the Hazelcast client is ahead. */
  private Goal aheadOfPeers() {
    List<String> behind = new ArrayList<>();
    boolean known = false;
    for (Report.Metric metric : Report.METRICS) {
      for (String peer : new String[] {"redisson", "hazelcast-best"}) {
        Optional<Double> r = peer.equals("redisson") ? ratio(peer, metric.key())
            : cirrus(metric.key()).flatMap(c -> hazelcastBestOrLowest(metric).map(h -> c / h));
        if (r.isEmpty()) {
          continue;
        }
        known = true;
        boolean ahead = metric.unit().higherIsBetter ? r.get() >= 1 : r.get() <= 1;
        if (!ahead) {
          behind.add(metric.label() + " (" + Report.fmt(r.get()) + "× "
              + (peer.equals("redisson") ? "Redisson" : "Hazelcast") + ")");
        }
      }
    }
    String figure = behind.isEmpty() ? "none behind" : behind.size() + " behind: "
        + String.join("; ", behind);
    return new Goal("no workload behind Redisson or the Hazelcast client", Optional.empty(),
        figure, known && behind.isEmpty(), known);
  }

  private Optional<Double> cirrus(String metric) {
    return results.number("cirrus", metric);
  }

  private Optional<Double> ratio(String peer, String metric) {
    return results.ratio("cirrus", peer, metric);
  }

  /** The better of the two Hazelcast runs for a throughput metric. */
  private Optional<Double> hazelcastBest(String metric) {
    Optional<Double> a = results.number("hazelcast", metric);
    Optional<Double> b = results.number("hazelcast-fjp2", metric);
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : Optional.of(Math.max(a.get(), b.get()));
  }

  /** The better of the two Hazelcast runs: the higher throughput, the lower latency or cost. */
  private Optional<Double> hazelcastBestOrLowest(Report.Metric metric) {
    if (metric.unit().higherIsBetter) {
      return hazelcastBest(metric.key());
    }
    Optional<Double> a = results.number("hazelcast", metric.key());
    Optional<Double> b = results.number("hazelcast-fjp2", metric.key());
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : Optional.of(Math.min(a.get(), b.get()));
  }

  private static Goal atMost(String text, Optional<Double> ratio, double bound) {
    return new Goal(text, ratio, ratio.map(r -> Report.fmt(r) + "×").orElse(""),
        ratio.map(r -> r <= bound).orElse(false), ratio.isPresent());
  }

  private static Goal atLeast(String text, Optional<Double> ratio, double bound) {
    return new Goal(text, ratio, ratio.map(r -> Report.fmt(r) + "×").orElse(""),
        ratio.map(r -> r >= bound).orElse(false), ratio.isPresent());
  }
}
