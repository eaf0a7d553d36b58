package dev.cirrus.server.error;

/**
 * How text that came from a client (cache names above all) is quoted in messages: cut to a length
 * that keeps statuses small, since a request may carry megabytes where a name belongs.
 */
public final class SafeText {
  /** The most characters of one client-supplied string that a message quotes. */
  public static final int MAX_QUOTED = 80;

  private SafeText() {}

  /** {@code text}, or its first {@value #MAX_QUOTED} characters followed by an ellipsis. */
  public static String excerpt(String text) {
    return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
  }
}
