package dev.cirrus.cli;

import dev.cirrus.cli.connect.CliException;
import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.connect.Failures;
import java.io.PrintWriter;
import javax.cache.CacheException;
import picocli.CommandLine;

/** {@code cirrus}: runs one command and exits with its code (see {@link ExitCode}). */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command tree, with the CLI's exit codes and error printing. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new CirrusCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // picocli answers invalid input with 2, which is ExitCode.USAGE.
    commandLine.setExecutionExceptionHandler(Main::failed);
    return commandLine;
  }

  /** Prints what failed and what to do, never a stack trace, and answers the exit code. */
  private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    CliException failure;
    if (e instanceof CliException cli) {
      failure = cli;
    } else if (e instanceof CacheException cache) {
      failure = Failures.of(cache);
    } else {
      failure = new CliException(ExitCode.REFUSED, "unexpected failure: " + e);
    }
    PrintWriter err = command.getErr();
    err.println("cirrus: " + failure.getMessage());
    err.flush();
    return failure.exitCode();
  }
}
