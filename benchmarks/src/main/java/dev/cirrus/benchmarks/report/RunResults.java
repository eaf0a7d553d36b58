package dev.cirrus.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The figures of every target of one run, read from the driver's {@code <label>.tsv} files. */
final class RunResults {

  /** Targets in the order the report shows them; the first is the one the others are compared to. */
  static final List<String> ORDER = List.of(
      "cirrus", "redisson", "hazelcast", "hazelcast-fjp2", "caffeine", "grpc-echo",
      "grpc-echo-direct", "netty-echo", "tcp-echo");

  private final Map<String, Map<String, String>> byTarget = new LinkedHashMap<>();

  static RunResults read(Path dir) throws IOException {
    RunResults results = new RunResults();
    for (String label : ORDER) {
      Path file = dir.resolve(label + ".tsv");
      if (Files.exists(file)) {
        results.byTarget.put(label, readTsv(file));
      }
    }
    return results;
  }

  static Map<String, String> readTsv(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        values.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return values;
  }

  List<String> targets() {
    return List.copyOf(byTarget.keySet());
  }

  boolean has(String target) {
    return byTarget.containsKey(target);
  }

  Optional<Double> number(String target, String metric) {
    String value = byTarget.getOrDefault(target, Map.of()).get(metric);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code target}'s figure divided by {@code peer}'s, when both have one (and the peer's is not 0). */
  Optional<Double> ratio(String target, String peer, String metric) {
    Optional<Double> mine = number(target, metric);
    Optional<Double> theirs = number(peer, metric);
    if (mine.isEmpty() || theirs.isEmpty() || theirs.get() == 0) {
      return Optional.empty();
    }
    return Optional.of(mine.get() / theirs.get());
  }

  Optional<String> text(String target, String key) {
    return Optional.ofNullable(byTarget.getOrDefault(target, Map.of()).get(key));
  }
}
