package dev.cirrus.cli.output;

/** How results are printed: {@code -o human} (the default) or {@code -o json}. */
public enum Format {
  /** Text for a person at a terminal. */
  HUMAN,
  /** One JSON document per result on one line, for scripts ({@code jq}). */
  JSON
}
