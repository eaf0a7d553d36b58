package dev.cirrus.server.metrics;

import java.util.Locale;

/** The store calls that are counted per cache, by the name their {@code method} label carries. */
public enum RequestKind {
  GET,
  GET_BATCH,
  CONTAINS,
  TOUCH,
  SET,
  SET_BATCH,
  DELETE,
  DELETE_BATCH,
  CLEAR,
  SCAN,
  SUBSCRIBE;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The {@code method} label, e.g. {@code get_batch}. */
  public String label() {
    return label;
  }
}
