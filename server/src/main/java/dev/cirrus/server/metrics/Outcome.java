package dev.cirrus.server.metrics;

import dev.cirrus.server.error.ErrorCode;
import java.util.Locale;

/**
 * The {@code outcome} label of a counted request: {@code hit} or {@code miss} for a single get,
 * {@code ok} for any other call that succeeded, else the error's code ({@code cache_not_found},
 * {@code limit_exceeded}, ...). Outcomes are small integers so a cache's counters sit in one
 * array indexed by method and outcome.
 */
final class Outcome {
  static final int OK = 0;
  static final int HIT = 1;
  static final int MISS = 2;
  private static final int FIRST_ERROR = 3;
  static final int COUNT = FIRST_ERROR + ErrorCode.values().length;

  private Outcome() {}

  static int of(ErrorCode code) {
    return FIRST_ERROR + code.ordinal();
  }

  static String label(int outcome) {
    return switch (outcome) {
      case OK -> "ok";
      case HIT -> "hit";
      case MISS -> "miss";
      default -> ErrorCode.values()[outcome - FIRST_ERROR].name().toLowerCase(Locale.ROOT);
    };
  }
}
