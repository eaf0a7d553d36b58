package dev.cirrus.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * One parsed command line: the command, its flags with environment fallback (flag, then
 * variable, then default), its positional value, and whether help was asked for.
 */
final class Arguments {
  private final ParseResult parsed;
  private final Map<String, String> env;

  private Arguments(ParseResult parsed, Map<String, String> env) {
    this.parsed = parsed;
    this.env = env;
  }

  /** Parses {@code args}; without a command first, they are {@code serve}'s. */
  static Arguments parse(List<String> args, Map<String, String> env) throws UsageException {
    List<String> line = new ArrayList<>(args);
    if (line.isEmpty() || !CommandTree.COMMANDS.contains(line.get(0))) {
      line.add(0, "serve");
    }
    try {
      ParseResult result = CommandTree.create().parseArgs(line.toArray(String[]::new));
      while (result.hasSubcommand()) {
        result = result.subcommand();
      }
      return new Arguments(result, env);
    } catch (CommandLine.ParameterException e) {
      throw new UsageException(ParseErrors.message(e));
    }
  }

  /** The command's name: serve, token, revoke, revoked or keys. */
  String command() {
    return parsed.commandSpec().name();
  }

  boolean help() {
    return parsed.isUsageHelpRequested();
  }

  /** The command's positional value (keys' action, revoke's token id), if given. */
  Optional<String> positional() {
    return Optional.ofNullable(parsed.matchedPositionalValue(0, null));
  }

  /**
   * The flag's value (else its environment variable's) read by the flag's parser; empty when
   * neither is set or the value names the default.
   */
  <T> Optional<T> value(Flag<T> flag) throws UsageException {
    Optional<String> text = text(flag);
    return text.isEmpty() ? Optional.empty()
        : Optional.ofNullable(flag.parser().parse(source(flag), text.get()));
  }

  /** The flag's text as given (else its environment variable's), trimmed. */
  private Optional<String> text(Flag<?> flag) {
    OptionSpec option = option(flag);
    if (!parsed.hasMatchedOption(option)) {
      return Optional.ofNullable(env.get(flag.env())).map(String::trim);
    }
    Object value = option.getValue();
    return Optional.of(value instanceof List<?> list
        ? String.join(",", list.stream().map(String::valueOf).toList())
        : String.valueOf(value)).map(String::trim);
  }

  /** An environment variable that is not a flag's (a secret, which no flag may carry). */
  Optional<String> environment(String variable) {
    return Optional.ofNullable(env.get(variable));
  }

  /** Whether the flag is on the command line (not only in the environment). */
  boolean given(Flag<?> flag) {
    return parsed.hasMatchedOption(option(flag));
  }

  /** Where a value came from, for error messages: "--port" or "CIRRUS_PORT". */
  String source(Flag<?> flag) {
    return given(flag) ? flag.option() : flag.env();
  }

  private OptionSpec option(Flag<?> flag) {
    OptionSpec option = parsed.commandSpec().findOption(flag.option());
    if (option == null) {
      throw new IllegalArgumentException(command() + " has no flag " + flag.option());
    }
    return option;
  }
}
