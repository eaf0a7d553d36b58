package dev.cirrus.jcache.internal.codec;

import java.util.Locale;

/** What a read does with a value that cannot be decoded ({@code cirrus.codec.on-undecodable}). */
public enum OnUndecodable {
  /**
   * The read is a miss (the default): a loader, Spring or Hibernate recomputes the value and
   * writes it over the undecodable one, so a class refused by the allow-list, changed by a deploy
   * or corrupt bytes cost a recomputation, not an outage.
   */
  MISS,
  /** The read fails with a {@code CodecException} naming the class and the fix. */
  FAIL;

  /** Parses {@code miss} or {@code fail}; null for anything else. */
  public static OnUndecodable parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "miss" -> MISS;
      case "fail" -> FAIL;
      default -> null;
    };
  }
}
