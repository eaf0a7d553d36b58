package dev.cirrus.server.store;

/** When a removal applies. */
public enum RemoveCondition {
  ALWAYS,
  VALUE_EQUALS,
  VERSION_EQUALS
}
