package dev.cirrus.cli.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a bench run measured.
 *
 * @param firstError the first failed call's exception, or null when none failed
 */
public record BenchResult(BenchPlan plan, Duration elapsed, LatencyHistogram gets,
    LatencyHistogram sets, long errors, RuntimeException firstError) {

  public double throughput() {
    long done = gets.count() + sets.count();
    return elapsed.isZero() ? 0 : done * 1e9 / elapsed.toNanos();
  }

  public Map<String, Object> toDocument() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cache", plan.cache());
    doc.put("requests", plan.requests());
    doc.put("threads", plan.threads());
    doc.put("valueBytes", plan.valueBytes());
    doc.put("elapsedMillis", elapsed.toMillis());
    doc.put("throughputPerSecond", Math.round(throughput()));
    doc.put("errors", errors);
    doc.put("get", latencies(gets));
    doc.put("set", latencies(sets));
    return doc;
  }

  private static Map<String, Object> latencies(LatencyHistogram h) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("count", h.count());
    doc.put("p50Micros", h.percentileMicros(50));
    doc.put("p99Micros", h.percentileMicros(99));
    doc.put("maxMicros", h.maxMicros());
    return doc;
  }

  public String toText() {
    StringBuilder text = new StringBuilder();
    text.append(String.format("%d requests in %.2f s from %d threads: %,.0f req/s, %d errors%n",
        gets.count() + sets.count(), elapsed.toNanos() / 1e9, plan.threads(), throughput(),
        errors));
    text.append(String.format("%-4s %10s %10s %10s %10s%n", "", "count", "p50", "p99", "max"));
    line(text, "get", gets);
    line(text, "set", sets);
    return text.toString().stripTrailing();
  }

  private static void line(StringBuilder text, String name, LatencyHistogram h) {
    text.append(String.format("%-4s %10d %10s %10s %10s%n", name, h.count(),
        micros(h.percentileMicros(50)), micros(h.percentileMicros(99)), micros(h.maxMicros())));
  }

  private static String micros(long micros) {
    return micros < 10_000 ? micros + " µs" : String.format("%.1f ms", micros / 1000.0);
  }
}
