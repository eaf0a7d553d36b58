package dev.cirrus.server.cli;

import java.util.Set;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Picocli's refusals, said the way the rest of the command line says them: what and what to do. */
final class ParseErrors {
  private ParseErrors() {}

  static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      boolean flag = arg.startsWith("-");
      String name = flag && arg.indexOf('=') > 0 ? arg.substring(0, arg.indexOf('=')) : arg;
      Set<String> flags = unmatched.getCommandLine().getCommandSpec().optionsMap().keySet();
      if (flags.contains(name)) {
        return "'" + name + "' comes after '--', which ends the flags; leave out '--'";
      }
      String nearest = flag ? nearest(name, flags) : null;
      String guess = nearest == null ? "" : "; did you mean " + nearest + "?";
      return "unknown " + (flag ? "flag" : "argument") + " '" + name + "'" + guess
          + "; run with --help to see every flag";
    }
    if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
      ArgSpec arg = missing.getMissing().get(0);
      if (arg instanceof OptionSpec option) {
        return option.longestName() + " needs a value: " + option.longestName() + " "
            + option.paramLabel();
      }
    }
    return e.getMessage();
  }

  /** The flag a typo most likely meant: at most a few edits away, else none. */
  private static String nearest(String typed, Set<String> flags) {
    String best = null;
    int bestDistance = Math.max(2, typed.length() / 4) + 1;
    for (String flag : flags) {
      int distance = distance(typed, flag);
      if (distance > 0 && distance < bestDistance) {
        best = flag;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Edits (insert, delete, replace one character) from {@code a} to {@code b}. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
