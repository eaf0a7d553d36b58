package dev.cirrus.server.cli;

import java.util.List;

/** Formats a command's usage and flag table. */
final class HelpText {
  private HelpText() {}

  static String render(String usage, String description, List<Flag<?>> flags) {
    StringBuilder text = new StringBuilder();
    text.append("Usage: ").append(usage).append("\n\n").append(description).append("\n\nFlags:\n");
    for (Flag<?> flag : flags) {
      String left = "  " + flag.option() + " " + flag.valueName();
      text.append(left);
      text.append(" ".repeat(Math.max(2, 34 - left.length())));
      text.append(flag.help());
      if (flag.defaultText() != null) {
        text.append(" (default ").append(flag.defaultText()).append(")");
      }
      text.append(" [env ").append(flag.env()).append("]\n");
    }
    text.append("  --help").append(" ".repeat(26)).append("show this help\n");
    text.append("\nDurations: 500ms, 30s, 10m, 2h, 1d. Sizes: bytes or 64k, 512m, 2g."
        + " A flag wins over its environment variable.\n");
    return text.toString();
  }
}
