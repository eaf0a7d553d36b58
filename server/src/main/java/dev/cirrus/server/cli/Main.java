package dev.cirrus.server.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar cirrus-server.jar [serve] [FLAGS]}, {@code ... token --account NAME [FLAGS]},
 * {@code ... token revoke ID|revoked [FLAGS]} or {@code ... keys rotate|retire|list [FLAGS]}. Exit codes: 0 success, 1 the server, token or key
 * could not be made, 2 bad command line.
 */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    // One line per log record, key=value messages; set before the first logger is used.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format",
          "%1$tFT%1$tT.%1$tLZ level=%4$s logger=%3$s %5$s%6$s%n");
    }
    int code = run(Arrays.asList(args), System.getenv(), System.out, System.err);
    if (code != EXIT_OK) {
      System.exit(code);
    }
  }

  /** Runs one command; serving blocks until the server stops. */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      Arguments parsed = Arguments.parse(args, env);
      String command = parsed.command();
      if (parsed.help()) {
        out.print(command.equals("keys") ? KeysCommand.help()
            : command.equals("serve") ? ServeCommand.help() : TokenCommand.help());
        return EXIT_OK;
      }
      return switch (command) {
        case "keys" -> KeysCommand.run(parsed, out, err);
        case "token" -> TokenCommand.issue(parsed, out, err);
        case "revoke" -> TokenCommand.revoke(parsed, out, err);
        case "revoked" -> TokenCommand.revoked(parsed, out, err);
        default -> ServeCommand.run(parsed, out, err);
      };
    } catch (UsageException e) {
      err.println("cirrus-server: " + e.getMessage());
      return EXIT_USAGE;
    }
  }
}
