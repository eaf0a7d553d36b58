package dev.cirrus.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one target, written as {@code name<TAB>value} lines after every workload so a
 * run cut short still leaves what it measured. Names are {@code workload.metric}, e.g.
 * {@code get_100B.p50_us}; text values ({@code .note}, {@code .error}) explain a missing figure.
 */
final class Results {

  private final Path file;
  private final Map<String, String> values = new LinkedHashMap<>();

  Results(Path file) {
    this.file = file;
  }

  void put(String name, double value) {
    values.put(name, String.format(Locale.ROOT, "%.3f", value));
  }

  void put(String name, String text) {
    values.put(name, text.replace('\t', ' ').replace('\n', ' '));
  }

  void write() throws IOException {
    StringBuilder out = new StringBuilder();
    values.forEach((name, value) -> out.append(name).append('\t').append(value).append('\n'));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }
}
