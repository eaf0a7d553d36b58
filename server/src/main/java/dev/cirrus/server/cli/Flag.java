package dev.cirrus.server.cli;

import java.util.Locale;

/**
 * One command-line flag: {@code --name VALUE} or {@code --name=VALUE}, with its environment
 * variable (derived from the name: {@code --max-value-bytes} ↔ {@code CIRRUS_MAX_VALUE_BYTES}).
 */
record Flag(String name, String valueName, String defaultText, String help) {

  String option() {
    return "--" + name;
  }

  String env() {
    return "CIRRUS_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
