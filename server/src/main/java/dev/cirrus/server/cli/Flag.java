package dev.cirrus.server.cli;

import java.util.Locale;

/**
 * One command-line flag, defined in one place: its name ({@code --name VALUE} or {@code
 * --name=VALUE}), the environment variable derived from it ({@code --max-value-bytes} ↔ {@code
 * CIRRUS_MAX_VALUE_BYTES}), the default as help shows it, the help line and the parser of its
 * value. A repeatable flag may be given several times; its values are joined with commas.
 *
 * @param <T> what the value parses to
 */
record Flag<T>(String name, String valueName, String defaultText, String help, Parser<T> parser,
    boolean repeatable) {

  /**
   * Turns a value into what the flag means. {@code source} names where the value came from
   * ({@code --port} or {@code CIRRUS_PORT}) for the message of a refusal. Answering null means
   * "as if not given": the word that names the default ({@code off}, {@code auto}).
   */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String source, String text) throws UsageException;
  }

  static <T> Flag<T> of(String name, String valueName, String defaultText, String help,
      Parser<T> parser) {
    return new Flag<>(name, valueName, defaultText, help, parser, false);
  }

  /** The same flag, accepted several times. */
  Flag<T> repeated() {
    return new Flag<>(name, valueName, defaultText, help, parser, true);
  }

  String option() {
    return "--" + name;
  }

  String env() {
    return "CIRRUS_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
