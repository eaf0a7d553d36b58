package dev.cirrus.server.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one load run measured, and how it is written into docs/reliability.md. */
record LoadFigures(
    double seconds,
    int threads,
    int channels,
    long seed,
    Map<LoadWorker.Op, LatencyHistogram> latencies,
    long errors,
    List<String> firstErrors,
    long staleReads,
    long foreignValues,
    long lostWrites,
    long acknowledgedKeys,
    long entries,
    long storeWeightBytes,
    long budgetBytes,
    long heapUsedBytes,
    long heapMaxBytes,
    double loadAverageBefore) {

  static final String BEGIN = "<!-- load figures: written by LoadIT with -Dcirrus.load.report=true -->";
  static final String END = "<!-- end of load figures -->";

  long totalOps() {
    return latencies.values().stream().mapToLong(LatencyHistogram::count).sum();
  }

  String summary() {
    return String.format(Locale.ROOT, "load: %d ops in %.1f s (%.0f ops/s), %d errors, %d stale"
        + " reads, %d lost writes of %d keys, store %d of %d bytes", totalOps(), seconds,
        totalOps() / seconds, errors, staleReads, lostWrites, acknowledgedKeys, storeWeightBytes,
        budgetBytes);
  }

  /** Replaces the figures between the markers of {@code file}, or appends them. */
  void writeInto(Path file) throws IOException {
    String table = markdown();
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    String updated = begin >= 0 && end > begin
        ? text.substring(0, begin) + table + text.substring(end + END.length())
        : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + table + "\n";
    Files.writeString(file, updated, StandardCharsets.UTF_8);
  }

  private String markdown() {
    StringBuilder md = new StringBuilder(BEGIN).append('\n');
    md.append(String.format(Locale.ROOT, "Run of %s: %d client threads over %d channels for %.0f s"
            + " (seed %d), on %d cores shared by clients and server (one JVM: %s %s, max heap %d"
            + " MiB, %s; system load average %.1f when it started).%n%n",
        LocalDate.now(ZoneOffset.UTC), threads, channels, seconds, seed,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), heapMaxBytes >> 20, System.getProperty("os.name"),
        loadAverageBefore));
    md.append("| operation | calls | calls/s | p50 | p99 |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (var entry : latencies.entrySet()) {
      LatencyHistogram h = entry.getValue();
      md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s |%n",
          name(entry.getKey()), h.count(), h.count() / seconds,
          millis(h.percentileMicros(0.50)), millis(h.percentileMicros(0.99))));
    }
    md.append(String.format(Locale.ROOT, "| **all** | %d | %.0f | | |%n%n", totalOps(),
        totalOps() / seconds));
    md.append("| check | result |\n| --- | --- |\n");
    md.append(String.format(Locale.ROOT, "| errors | %d |%n", errors));
    md.append(String.format(Locale.ROOT, "| stale reads of a writer's own keys | %d |%n", staleReads));
    md.append(String.format(Locale.ROOT, "| lost acknowledged writes | %d of %d keys |%n",
        lostWrites, acknowledgedKeys));
    md.append(String.format(Locale.ROOT, "| store (entries, weight / budget) | %d entries, %.1f MiB"
        + " / %d MiB |%n", entries, storeWeightBytes / 1048576.0, budgetBytes >> 20));
    md.append(String.format(Locale.ROOT, "| JVM heap after the run (clients and server, after GC) |"
        + " %d MiB |%n", heapUsedBytes >> 20));
    md.append(END);
    return md.toString();
  }

  private static String name(LoadWorker.Op op) {
    return switch (op) {
      case GET -> "get";
      case PUT -> "put";
      case GET_ALL -> "getAll (" + LoadWorker.BATCH + " keys)";
      case PUT_ALL -> "putAll (" + LoadWorker.BATCH + " entries)";
    };
  }

  private static String millis(double micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }
}
