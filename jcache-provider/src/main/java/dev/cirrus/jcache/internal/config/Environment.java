package dev.cirrus.jcache.internal.config;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where system properties and environment variables are read from. Production code uses
 * {@link #system()}; tests pass maps, so no test has to change the JVM's global state.
 */
public record Environment(UnaryOperator<String> systemProperties, UnaryOperator<String> variables) {

  public Environment {
    Objects.requireNonNull(systemProperties, "systemProperties");
    Objects.requireNonNull(variables, "variables");
  }

  public static Environment system() {
    return new Environment(System::getProperty, System::getenv);
  }

  public static Environment of(Map<String, String> systemProperties, Map<String, String> variables) {
    return new Environment(systemProperties::get, variables::get);
  }

  String property(String name) {
    return blankToNull(systemProperties.apply(name));
  }

  String variable(String name) {
    return blankToNull(variables.apply(name));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
