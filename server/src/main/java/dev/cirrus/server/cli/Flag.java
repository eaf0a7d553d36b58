package dev.cirrus.server.cli;

import java.util.Locale;

/**
 * One command-line flag: {@code --name VALUE} or {@code --name=VALUE}, with its environment
 * variable (derived from the name: {@code --max-value-bytes} ↔ {@code CIRRUS_MAX_VALUE_BYTES}).
 * A repeatable flag may be given several times; its values are joined with commas.
 */
record Flag(String name, String valueName, String defaultText, String help, boolean repeatable) {

  Flag(String name, String valueName, String defaultText, String help) {
    this(name, valueName, defaultText, help, false);
  }

  String option() {
    return "--" + name;
  }

  String env() {
    return "CIRRUS_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
