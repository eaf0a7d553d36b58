package dev.cirrus.server.http;

/**
 * Just enough JSON writing for the HTTP door's small documents: strings escaped per RFC 8259,
 * numbers, and objects and arrays from already-encoded members.
 */
public final class Json {
  private Json() {}

  /** {@code value} as a JSON string literal, or {@code null}. */
  public static String string(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // Also escapes '<', so a document can never close a <script> element it is put in.
          if (c < 0x20 || c == '<' || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A finite number; NaN and infinities, which JSON lacks, as {@code null}. */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "null";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** An object from name, encoded value, name, encoded value, … */
  public static String object(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (i > 0) {
        out.append(',');
      }
      out.append(string(namesAndValues[i])).append(':').append(namesAndValues[i + 1]);
    }
    return out.append('}').toString();
  }

  /** An array of already-encoded values. */
  public static String array(Iterable<String> values) {
    return "[" + String.join(",", values) + "]";
  }
}
