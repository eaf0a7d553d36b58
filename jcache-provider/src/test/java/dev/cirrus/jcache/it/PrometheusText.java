package dev.cirrus.jcache.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a {@code # HELP},
 * a {@code # TYPE} or a sample {@code name{label="value",...} number}; a sample's family must have
 * been typed before it; label values are unescaped. Anything else fails the parse, naming the line.
 */
final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern TYPE = Pattern.compile(
      "# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE = Pattern.compile(
      "(" + NAME + ")(?:\\{(.*)})? (-?[0-9.eE+-]+|NaN|[+-]Inf)(?: -?[0-9]+)?");
  private static final Pattern LABEL = Pattern.compile(
      "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {
    String label(String name) {
      return labels.get(name);
    }
  }

  private final List<Sample> samples;
  private final Map<String, String> types;

  private PrometheusText(List<Sample> samples, Map<String, String> types) {
    this.samples = samples;
    this.types = types;
  }

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        if (types.put(type.group(1), type.group(2)) != null) {
          throw new AssertionError("line " + number + ": family typed twice: " + line);
        }
        continue;
      }
      if (HELP.matcher(line).matches()) {
        continue;
      }
      if (line.startsWith("#")) {
        throw new AssertionError("line " + number + ": not a HELP or TYPE comment: " + line);
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new AssertionError("line " + number + ": not a sample: " + line);
      }
      String name = sample.group(1);
      if (family(name, types) == null) {
        throw new AssertionError("line " + number + ": sample of an untyped family: " + line);
      }
      samples.add(new Sample(name, labels(sample.group(2), number), value(sample.group(3))));
    }
    return new PrometheusText(samples, types);
  }

  /** The typed family {@code name} belongs to (histograms and summaries add suffixes). */
  private static String family(String name, Map<String, String> types) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
      if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return null;
  }

  private static Map<String, String> labels(String text, int number) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new AssertionError("line " + number + ": bad labels: " + text);
      }
      String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
      labels.put(m.group(1), value);
      at = m.end();
    }
    return labels;
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  Map<String, String> types() {
    return types;
  }

  String type(String family) {
    return types.get(family);
  }

  List<Sample> samples() {
    return samples;
  }

  /** The samples named {@code name} whose labels include every one of {@code labels}. */
  List<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** The sum of the samples {@link #find} returns; 0 when there are none. */
  double sum(String name, Map<String, String> labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }
}
