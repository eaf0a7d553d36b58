package dev.cirrus.server.cli;

import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.limits.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for flag values ({@link Flag.Parser}s and the pieces they are made of); each failure
 * says where the value came from, what was given and what is allowed.
 */
final class Values {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmgt]i?b?|b)?");

  private Values() {}

  /** Whole numbers from {@code min} to {@code max}. */
  static Flag.Parser<Integer> ints(int min, int max) {
    return (source, text) -> intRange(source, text, min, max);
  }

  /** Sizes from {@code min} bytes that fit an int (per-request limits). */
  static Flag.Parser<Integer> intSizes(int min) {
    return (source, text) -> intSize(source, text, min);
  }

  /** What {@code parser} accepts, refused below {@code min} with {@code problem} as the reason. */
  static <T extends Comparable<T>> Flag.Parser<T> atLeast(Flag.Parser<T> parser, T min,
      String problem) {
    return (source, text) -> {
      T value = parser.parse(source, text);
      if (value.compareTo(min) < 0) {
        throw new UsageException(source + ": " + text + " " + problem);
      }
      return value;
    };
  }

  /** {@code word} (any case) means the default, as if the flag were not given; else {@code parser}. */
  static <T> Flag.Parser<T> orDefault(String word, Flag.Parser<T> parser) {
    return (source, text) -> text.equalsIgnoreCase(word) ? null : parser.parse(source, text);
  }

  /** A path that may not be empty; {@code fix} says what to write instead. */
  static Flag.Parser<Path> path(String fix) {
    Flag.Parser<String> text = required(fix);
    return (source, value) -> Path.of(text.parse(source, value));
  }

  /** Any text; empty means not given (an unset variable written as {@code VAR=}). */
  static String optionalText(String source, String text) {
    return text.isEmpty() ? null : text;
  }

  /** Text that may not be empty; {@code fix} says what to write instead. */
  static Flag.Parser<String> required(String fix) {
    return (source, text) -> {
      if (text.isEmpty()) {
        throw new UsageException(source + ": empty; " + fix);
      }
      return text;
    };
  }

  /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. */
  static Duration duration(String source, String text) throws UsageException {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageException(source + ": '" + text + "' is not a duration; use a number and a"
          + " unit: 500ms, 30s, 10m, 2h or 1d");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** Bytes, optionally with a binary unit: {@code 1048576}, {@code 64k}, {@code 512m}, {@code 2g}. */
  static long size(String source, String text) throws UsageException {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageException(source + ": '" + text + "' is not a size; use bytes or a number with"
          + " k, m, g or t (binary units), e.g. 512m or 2g");
    }
    try {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2);
      int shift = switch (unit.charAt(0)) {
        case 'k' -> 10;
        case 'm' -> 20;
        case 'g' -> 30;
        case 't' -> 40;
        default -> 0;
      };
      if (amount > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException("overflow");
      }
      return amount << shift;
    } catch (NumberFormatException e) {
      throw new UsageException(source + ": '" + text + "' is too large");
    }
  }

  static int intRange(String source, String text, int min, int max) throws UsageException {
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(source + ": '" + text + "' is not a whole number; use " + min
          + ".." + max);
    }
    if (value < min || value > max) {
      throw new UsageException(source + ": " + value + " is out of range; use " + min + ".." + max);
    }
    return (int) value;
  }

  /** A size flag that must fit an int (per-request limits). */
  static int intSize(String source, String text, int min) throws UsageException {
    long value = size(source, text);
    if (value < min || value > Integer.MAX_VALUE - 1) {
      throw new UsageException(source + ": " + value + " bytes is out of range; use " + min
          + " bytes to 2g");
    }
    return (int) value;
  }

  static boolean bool(String source, String text) throws UsageException {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new UsageException(source + ": '" + text + "' is not a boolean; use true or false");
    };
  }

  /**
   * A comma-separated list of cache names, each trimmed; every name must be valid (names that
   * contain commas cannot be listed here).
   */
  static List<String> cacheNames(String source, String text) throws UsageException {
    Limits limits = Limits.defaults();
    Set<String> names = new LinkedHashSet<>();
    for (String part : text.split(",")) {
      String name = part.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!limits.isValidCacheName(name)) {
        throw new UsageException(source + ": '" + name + "' is not a cache name; use 1 to "
            + limits.maxCacheNameLength() + " printable characters");
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      throw new UsageException(source + ": no cache names given; list the caches the token may"
          + " touch, e.g. users,orders, or leave the flag out for every cache");
    }
    return List.copyOf(names);
  }

  /** A comma-separated list of {@code read}, {@code write}, {@code control}. */
  static Set<Permission> permissions(String source, String text) throws UsageException {
    EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        permissions.add(Permission.parse(part));
      } catch (IllegalArgumentException e) {
        throw new UsageException(source + ": '" + part.trim() + "' is not a permission; use a"
            + " comma-separated list of read, write, control, operator");
      }
    }
    if (permissions.isEmpty()) {
      throw new UsageException(source + ": no permissions given; use a comma-separated list of"
          + " read, write, control, operator");
    }
    return permissions;
  }
}
