package dev.cirrus.server.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parsed flags of one command, with environment fallback: flag, then variable, then default. */
final class Arguments {
  private final Map<String, String> values;
  private final Map<String, String> env;
  private final Map<String, Flag> flags;
  private final boolean help;

  private Arguments(Map<String, String> values, Map<String, String> env, Map<String, Flag> flags, boolean help) {
    this.values = values;
    this.env = env;
    this.flags = flags;
    this.help = help;
  }

  static Arguments parse(List<String> args, List<Flag> allowed, Map<String, String> env)
      throws UsageException {
    Map<String, Flag> flags = new LinkedHashMap<>();
    allowed.forEach(f -> flags.put(f.option(), f));
    Map<String, String> values = new HashMap<>();
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      String option = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        option = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      Flag flag = flags.get(option);
      if (flag == null) {
        throw new UsageException("unknown " + (arg.startsWith("-") ? "flag " : "argument ") + "'"
            + option + "'; run with --help to see every flag");
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException(flag.option() + " needs a value: " + flag.option() + " "
              + flag.valueName());
        }
        value = args.get(++i);
      }
      if (flag.repeatable() && values.containsKey(flag.name())) {
        value = values.get(flag.name()) + "," + value;
      }
      values.put(flag.name(), value);
    }
    return new Arguments(values, env, flags, help);
  }

  boolean help() {
    return help;
  }

  /** The flag's value, else its environment variable's, else empty. */
  Optional<String> get(String name) {
    Flag flag = flags.get("--" + name);
    if (flag == null) {
      throw new IllegalArgumentException("undeclared flag --" + name);
    }
    String value = values.get(name);
    if (value == null) {
      value = env.get(flag.env());
    }
    return Optional.ofNullable(value).map(String::trim);
  }

  /** An environment variable that is not a flag's (a secret, which no flag may carry). */
  Optional<String> environment(String variable) {
    return Optional.ofNullable(env.get(variable));
  }

  /** Whether the flag is on the command line (not only in the environment). */
  boolean given(String name) {
    return values.containsKey(name);
  }

  /** Where a value came from, for error messages: "--port" or "CIRRUS_PORT". */
  String source(String name) {
    Flag flag = flags.get("--" + name);
    return values.containsKey(name) ? flag.option() : flag.env();
  }
}
