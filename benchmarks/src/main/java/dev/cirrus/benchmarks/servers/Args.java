package dev.cirrus.benchmarks.servers;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} and {@code --flag} command-line arguments. */
public final class Args {
  private final Map<String, String> values = new HashMap<>();

  public Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'; use --name value");
      }
      String name = arg.substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(name, args[++i]);
      } else {
        values.put(name, "true");
      }
    }
  }

  public String get(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing argument --" + name);
    }
    return value;
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int getInt(String name) {
    return Integer.parseInt(get(name));
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }
}
