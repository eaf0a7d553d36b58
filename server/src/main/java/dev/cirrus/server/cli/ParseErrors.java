package dev.cirrus.server.cli;

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
      String guess = flag && !unmatched.getSuggestions().isEmpty()
          ? "; did you mean " + unmatched.getSuggestions().get(0) + "?" : "";
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
}
