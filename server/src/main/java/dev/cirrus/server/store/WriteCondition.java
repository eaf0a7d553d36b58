package dev.cirrus.server.store;

/** When a write applies. */
public enum WriteCondition {
  ALWAYS,
  IF_ABSENT,
  IF_PRESENT,
  /** Present and its value bytes equal the expected value. */
  VALUE_EQUALS,
  /** Present and its version equals the expected version. */
  VERSION_EQUALS
}
