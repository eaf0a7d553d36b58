package dev.cirrus.cli;

import dev.cirrus.cli.command.BenchCommand;
import dev.cirrus.cli.command.CacheCommand;
import dev.cirrus.cli.command.CompletionCommand;
import dev.cirrus.cli.command.DeleteCommand;
import dev.cirrus.cli.command.GetCommand;
import dev.cirrus.cli.command.KeysCommand;
import dev.cirrus.cli.command.SetCommand;
import dev.cirrus.cli.command.TokenCommand;
import dev.cirrus.cli.command.WatchCommand;
import dev.cirrus.cli.connect.ConnectionOptions;
import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.output.Format;
import dev.cirrus.cli.output.Output;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: the options every command shares, and the command list. */
@Command(name = "cirrus", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = CirrusCommand.Version.class,
    description = "Work with a Cirrus cache server: caches, entries, change streams, tokens.",
    subcommands = {CacheCommand.class, GetCommand.class, SetCommand.class, DeleteCommand.class,
        KeysCommand.class, WatchCommand.class, TokenCommand.class, BenchCommand.class,
        CompletionCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  done; a read found its entry",
        "  1  miss: no such entry, or a conditional set/delete did not apply",
        "  2  usage: a bad argument, option or setting",
        "  3  auth: no token, or the server refused it",
        "  4  unreachable: no server at the endpoint, or no answer in time",
        "  5  no such cache",
        "  6  refused or failed otherwise (a limit, a server error)"})
public final class CirrusCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private ConnectionOptions connection;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT,
      description = "human (default) or json: one JSON document per result, for scripts.")
  private Format format = Format.HUMAN;

  public ConnectionOptions connection() {
    return connection;
  }

  /** Where the running command prints, in the chosen format. */
  public Output output() {
    return new Output(format, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** The version in the jar's manifest. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CirrusCommand.class.getPackage().getImplementationVersion();
      return new String[] {"cirrus " + (version == null ? "(development build)" : version)};
    }
  }
}
