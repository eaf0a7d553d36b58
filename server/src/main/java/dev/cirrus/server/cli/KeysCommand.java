package dev.cirrus.server.cli;

import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.RetiredKey;
import dev.cirrus.server.auth.SigningKey;
import dev.cirrus.server.auth.SigningKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * {@code keys rotate|retire|list}: manages the token signing keys of a data directory. A running
 * server reads its keys when it starts, so it sees a rotation or a retirement after a restart.
 */
final class KeysCommand {
  static final Flag<Path> DATA_DIR = Flag.of("data-dir", "DIR", "./.cirrus",
      "the server's data directory, holding its signing keys", Values.path("name a directory"));
  static final Flag<String> KEY_ID = Flag.of("key-id", "ID", null,
      "the key to retire (retire only), e.g. k1", Values.required("name a key, e.g. k1"));
  static final List<Flag<?>> FLAGS = List.of(DATA_DIR, KEY_ID);

  private static final String RESTART =
      "a running server picks this up when it is restarted";

  private KeysCommand() {}

  static String help() {
    return HelpText.render(
        "java -jar cirrus-server.jar keys rotate|retire|list [FLAGS]",
        "rotate  creates a new signing key: new tokens are signed with it, tokens signed with older"
            + " keys stay valid\nretire  deletes an older key (--key-id): tokens it signed are"
            + " refused from then on\nlist    shows every key, when it was created, and which one"
            + " signs\nA running server reads the keys when it starts: restart it after rotate or"
            + " retire.",
        FLAGS);
  }

  static int run(Arguments args, PrintStream out, PrintStream err) throws UsageException {
    String action = args.positional().orElseThrow(() -> new UsageException("keys needs a"
        + " subcommand: keys rotate, keys retire --key-id ID or keys list; run keys --help"));
    Path dataDir = args.value(DATA_DIR).orElse(ServerConfig.DEFAULT_DATA_DIR);
    Optional<String> keyId = args.value(KEY_ID);
    if (!action.equals("retire") && keyId.isPresent()) {
      throw new UsageException("--key-id belongs to keys retire, not keys " + action);
    }
    try {
      return switch (action) {
        case "rotate" -> rotate(dataDir, out);
        case "retire" -> retire(dataDir, keyId.orElseThrow(() -> new UsageException(
            "keys retire needs --key-id ID; keys list shows the ids")), out);
        case "list" -> list(dataDir, out);
        default -> throw new UsageException("unknown keys subcommand '" + action
            + "'; use rotate, retire or list");
      };
    } catch (IOException | IllegalArgumentException e) {
      err.println("cirrus-server: " + e.getMessage());
      return Main.EXIT_FAILED;
    }
  }

  private static int rotate(Path dataDir, PrintStream out) throws IOException {
    SigningKey key = SigningKeys.rotate(dataDir, Clock.systemUTC());
    SigningKeys keys = SigningKeys.load(dataDir);
    out.println("Created signing key " + key.id() + " in " + dataDir.toAbsolutePath().normalize()
        + "; it signs new tokens (" + RESTART + ").");
    List<String> older = keys.active().stream().map(SigningKey::id)
        .filter(id -> !id.equals(key.id())).toList();
    if (!older.isEmpty()) {
      out.println("Tokens signed with " + String.join(", ", older) + " stay valid until you retire"
          + " the key: java -jar cirrus-server.jar keys retire --key-id " + older.get(0)
          + " --data-dir " + dataDir);
    }
    return Main.EXIT_OK;
  }

  private static int retire(Path dataDir, String id, PrintStream out) throws IOException {
    RetiredKey retired = SigningKeys.retire(dataDir, id, Clock.systemUTC());
    out.println("Retired signing key " + retired.id() + " (created " + seconds(retired.createdAt())
        + "): its secret is deleted and tokens it signed are refused (" + RESTART + ").");
    return Main.EXIT_OK;
  }

  private static int list(Path dataDir, PrintStream out) throws IOException {
    SigningKeys keys = SigningKeys.load(dataDir);
    out.println("Signing keys in " + dataDir.toAbsolutePath().normalize() + ":");
    out.printf("  %-6s %-22s %s%n", "ID", "CREATED", "STATUS");
    SigningKey current = keys.current();
    for (SigningKey key : keys.active()) {
      String status = key.equals(current) ? "signs new tokens" : "verifies tokens it signed";
      out.printf("  %-6s %-22s %s%n", key.id(), seconds(key.createdAt()), status);
    }
    for (RetiredKey key : keys.retired()) {
      out.printf("  %-6s %-22s retired %s%n", key.id(), seconds(key.createdAt()),
          seconds(key.retiredAt()));
    }
    return Main.EXIT_OK;
  }

  private static String seconds(java.time.Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
