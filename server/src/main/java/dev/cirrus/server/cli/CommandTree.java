package dev.cirrus.server.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The server's command line as picocli parses it: {@code serve}, {@code token} with its {@code
 * revoke ID} and {@code revoked}, and {@code keys ACTION}. Each command's options are made from
 * its {@link Flag}s; picocli only splits the words (flags, values, commands) and the flags' own
 * parsers read the values, so a value from the environment is checked the same way.
 */
final class CommandTree {
  /** The commands; a command line that starts with none of them serves. */
  static final List<String> COMMANDS = List.of("serve", "token", "keys");

  private CommandTree() {}

  static CommandLine create() {
    CommandSpec root = CommandSpec.create().name("cirrus-server");
    root.addSubcommand("serve", command("serve", ServeFlags.ALL, null));
    CommandSpec token = command("token", TokenCommand.FLAGS, null);
    token.addSubcommand("revoke", command("revoke", TokenCommand.REVOKE_FLAGS, "ID"));
    token.addSubcommand("revoked", command("revoked", List.of(TokenCommand.REVOKE_DATA_DIR), null));
    root.addSubcommand("token", token);
    root.addSubcommand("keys", command("keys", KeysCommand.FLAGS, "ACTION"));
    CommandLine line = new CommandLine(root);
    // '@file' would read arguments from a file: a value such as a password file name must stay as given.
    line.setExpandAtFiles(false);
    // A flag given twice takes the later value, so a script may append overrides.
    line.setOverwrittenOptionsAllowed(true);
    return line;
  }

  private static CommandSpec command(String name, List<Flag<?>> flags, String positional) {
    CommandSpec spec = CommandSpec.create().name(name);
    for (Flag<?> flag : flags) {
      OptionSpec.Builder option = OptionSpec.builder(flag.option())
          .paramLabel(flag.valueName()).description(flag.help()).arity("1");
      spec.addOption(flag.repeatable()
          ? option.type(List.class).auxiliaryTypes(String.class).build()
          : option.type(String.class).build());
    }
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("show this help").build());
    if (positional != null) {
      // Optional for picocli: the command says what is missing better than a generic message.
      spec.addPositional(PositionalParamSpec.builder().index("0").arity("0..1")
          .paramLabel(positional).type(String.class).build());
    }
    return spec;
  }
}
