package dev.cirrus.server.error;

/**
 * How text that came from a client (cache names above all) is quoted in messages: cut to a length
 * that keeps statuses small, since a request may carry megabytes where a name belongs, and with
 * control characters replaced, so that a quoted name can never pass for a line of the server's
 * own output (a forged log line or stack frame).
 */
public final class SafeText {
  /** The most characters of one client-supplied string that a message quotes. */
  public static final int MAX_QUOTED = 80;
  private static final char REPLACEMENT = '\uFFFD';

  private SafeText() {}

  /**
   * {@code text} with control, line- and paragraph-separator characters replaced by U+FFFD, cut to
   * its first {@value #MAX_QUOTED} characters followed by an ellipsis when longer.
   */
  public static String excerpt(String text) {
    int length = Math.min(text.length(), MAX_QUOTED);
    StringBuilder quoted = new StringBuilder(length + 1);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      boolean unsafe = Character.isISOControl(c) || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR;
      quoted.append(unsafe ? REPLACEMENT : c);
    }
    if (text.length() > MAX_QUOTED) {
      quoted.append('…');
    }
    return quoted.toString();
  }
}
