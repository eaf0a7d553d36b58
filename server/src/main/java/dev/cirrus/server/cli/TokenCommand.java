package dev.cirrus.server.cli;

import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.CacheScope;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.auth.SigningKey;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.auth.TokenIssuer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code token}: prints a token signed with the current key of a data directory. */
final class TokenCommand {
  static final Duration DEFAULT_TTL = Duration.ofDays(30);

  static final List<Flag> FLAGS = List.of(
      new Flag("account", "NAME", null, "the account the token is for (required)"),
      new Flag("ttl", "DURATION", "30d", "how long the token is valid"),
      new Flag("permissions", "LIST", "read,write,control", "what the token allows"),
      new Flag("caches", "LIST", "every cache", "comma-separated caches the token may touch; others are refused"),
      new Flag("data-dir", "DIR", "./.cirrus", "the server's data directory, holding its signing keys"),
      new Flag("host", "HOST", ServerConfig.DEFAULT_HOST, "the server address written into the token"),
      new Flag("port", "PORT", Integer.toString(ServerConfig.DEFAULT_PORT), "the server port written into the token"),
      new Flag("tls", "BOOL", "false", "write cirrus+tls:// into the token (for a server started with --tls-cert)"));

  private TokenCommand() {}

  static String help() {
    return HelpText.render(
        "java -jar cirrus-server.jar token --account NAME [FLAGS]",
        "Prints a token for ACCOUNT signed with the current key of the data directory (created by"
            + " the server's first start;\n'keys rotate' makes a new one). A running server knows"
            + " the keys it found when it started.",
        FLAGS);
  }

  static int run(Arguments args, PrintStream out, PrintStream err) throws UsageException {
    String account = args.get("account").orElseThrow(() -> new UsageException(
        "--account is required: java -jar cirrus-server.jar token --account NAME"));
    if (account.isEmpty() || account.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw new UsageException(args.source("account") + ": '" + account
          + "' is not an account name; use letters, digits and punctuation, no spaces");
    }
    Duration ttl = DEFAULT_TTL;
    if (args.get("ttl").isPresent()) {
      ttl = Values.duration(args.source("ttl"), args.get("ttl").get());
      if (ttl.isZero()) {
        throw new UsageException(args.source("ttl") + ": tokens must live longer than 0");
      }
    }
    Set<Permission> permissions = EnumSet.allOf(Permission.class);
    if (args.get("permissions").isPresent()) {
      permissions = Values.permissions(args.source("permissions"), args.get("permissions").get());
    }
    CacheScope caches = CacheScope.ALL;
    if (args.get("caches").isPresent()) {
      caches = CacheScope.of(Values.cacheNames(args.source("caches"), args.get("caches").get()));
    }
    String host = args.get("host").orElse(ServerConfig.DEFAULT_HOST);
    int port = ServerConfig.DEFAULT_PORT;
    if (args.get("port").isPresent()) {
      port = Values.intRange(args.source("port"), args.get("port").get(), 1, 65_535);
    }
    boolean tls = false;
    if (args.get("tls").isPresent()) {
      tls = Values.bool(args.source("tls"), args.get("tls").get());
    }
    Path dataDir = args.get("data-dir").map(Path::of).orElse(ServerConfig.DEFAULT_DATA_DIR);
    SigningKey key;
    try {
      key = SigningKeys.load(dataDir).current();
    } catch (IOException e) {
      err.println("cirrus-server: " + e.getMessage());
      return 1;
    }
    String endpoint = (tls ? "cirrus+tls://" : "cirrus://")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    out.println(new TokenIssuer(key, endpoint, Clock.systemUTC())
        .issue(account, ttl, permissions, caches));
    return 0;
  }
}
