package dev.cirrus.server.cli;

import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.CacheScope;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.auth.Revocations;
import dev.cirrus.server.auth.SigningKey;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.auth.TokenIssuer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Set;

/**
 * {@code token}: prints a token signed with the current key of a data directory (and its id on
 * the error stream, so {@code $(... token ...)} still captures the token alone); {@code token
 * revoke ID} and {@code token revoked} manage the data directory's revocation list.
 */
final class TokenCommand {
  static final Duration DEFAULT_TTL = Duration.ofDays(30);

  static final List<Flag> REVOKE_FLAGS = List.of(
      new Flag("data-dir", "DIR", "./.cirrus", "the server's data directory, holding its revocation list"),
      new Flag("max-revoked-tokens", "N", Integer.toString(Revocations.DEFAULT_MAX), "token revoke: most token ids the revocation list may hold (as the server's flag)"));

  static final List<Flag> FLAGS = List.of(
      new Flag("account", "NAME", null, "the account the token is for (required)"),
      new Flag("ttl", "DURATION", "30d", "how long the token is valid"),
      new Flag("permissions", "LIST", "read,write,control", "what the token allows: read, write, control (create, flush, delete caches) on its account; operator (apart: read the whole server's /metrics and /console, every account's figures)"),
      new Flag("caches", "LIST", "every cache", "comma-separated caches the token may touch; others are refused"),
      new Flag("data-dir", "DIR", "./.cirrus", "the server's data directory, holding its signing keys"),
      new Flag("host", "HOST", ServerConfig.DEFAULT_HOST, "the server address written into the token"),
      new Flag("port", "PORT", Integer.toString(ServerConfig.DEFAULT_PORT), "the server port written into the token"),
      new Flag("tls", "BOOL", "false", "write cirrus+tls:// into the token (for a server started with --tls-cert)"),
      new Flag("endpoint", "HOST:PORT", "--host:--port", "nodes written into the token instead of --host and --port; repeat it or separate with commas (cirrus://h1:7070,h2:7070 too) so the token alone sets up a client of several nodes", true));

  private TokenCommand() {}

  static String help() {
    return HelpText.render(
        "java -jar cirrus-server.jar token --account NAME [FLAGS]\n"
            + "       java -jar cirrus-server.jar token revoke ID [--data-dir DIR]\n"
            + "       java -jar cirrus-server.jar token revoked [--data-dir DIR]",
        "Prints a token for ACCOUNT signed with the current key of the data directory (created by"
            + " the server's first start;\n'keys rotate' makes a new one), and its id on the error"
            + " stream. A running server knows the keys it found when it\nstarted. 'token revoke ID'"
            + " adds the token's id to the data directory's revocation list: a running server"
            + " refuses\nthe token within seconds (calls, data path connections, open change"
            + " streams). 'token revoked' lists the revocations.",
        Stream.concat(FLAGS.stream(), REVOKE_FLAGS.stream().skip(1)).toList());
  }

  /** {@code token [FLAGS]}, {@code token revoke ID [FLAGS]} or {@code token revoked [FLAGS]}. */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    String first = args.isEmpty() ? "" : args.get(0);
    if (first.equals("revoke") || first.equals("revoked")) {
      List<String> rest = args.subList(1, args.size());
      String id = first.equals("revoke") && !rest.isEmpty() && !rest.get(0).startsWith("-")
          ? rest.get(0) : null;
      Arguments parsed = Arguments.parse(id == null ? rest : rest.subList(1, rest.size()),
          first.equals("revoke") ? REVOKE_FLAGS : REVOKE_FLAGS.subList(0, 1), env);
      if (parsed.help()) {
        out.print(help());
        return Main.EXIT_OK;
      }
      Path dataDir = parsed.get("data-dir").map(Path::of).orElse(ServerConfig.DEFAULT_DATA_DIR);
      return first.equals("revoke") ? revoke(parsed, id, dataDir, out, err) : revoked(dataDir, out, err);
    }
    Arguments parsed = Arguments.parse(args, FLAGS, env);
    if (parsed.help()) {
      out.print(help());
      return Main.EXIT_OK;
    }
    return issue(parsed, out, err);
  }

  private static int revoke(Arguments args, String id, Path dataDir, PrintStream out,
      PrintStream err) throws UsageException {
    if (id == null) {
      throw new UsageException("token revoke needs the token's id: token revoke ID [--data-dir DIR];"
          + " the id was printed when the token was issued (it is the token's 'jti' claim)");
    }
    if (!Revocations.isTokenId(id)) {
      throw new UsageException("'" + id + "' is not a token id: ids are 1 to 128 letters, digits,"
          + " '.', '_' or '-', as printed when the token was issued");
    }
    int max = Revocations.DEFAULT_MAX;
    if (args.get("max-revoked-tokens").isPresent()) {
      max = Values.intRange(args.source("max-revoked-tokens"), args.get("max-revoked-tokens").get(),
          1, 100_000_000);
    }
    try {
      SigningKeys.load(dataDir); // a server's data directory, not a typo
      Revocations.Revoked revoked = Revocations.revoke(dataDir, id, max, Clock.systemUTC());
      out.println("Revoked token " + revoked.tokenId() + " in "
          + dataDir.toAbsolutePath().normalize() + ": a running server with this data directory"
          + " refuses it within seconds (calls, data path connections, open change streams), and"
          + " every server started with it from then on.");
      return Main.EXIT_OK;
    } catch (IOException | IllegalArgumentException e) {
      err.println("cirrus-server: " + e.getMessage());
      return Main.EXIT_FAILED;
    }
  }

  private static int revoked(Path dataDir, PrintStream out, PrintStream err) {
    List<Revocations.Revoked> revoked;
    try {
      revoked = Revocations.list(dataDir);
    } catch (IOException e) {
      err.println("cirrus-server: " + e.getMessage());
      return Main.EXIT_FAILED;
    }
    String dir = dataDir.toAbsolutePath().normalize().toString();
    if (revoked.isEmpty()) {
      out.println("No revoked tokens in " + dir + ".");
      return Main.EXIT_OK;
    }
    out.println("Revoked tokens in " + dir + ":");
    out.printf("  %-36s  %s%n", "TOKEN ID", "REVOKED");
    for (Revocations.Revoked entry : revoked) {
      out.printf("  %-36s  %s%n", entry.tokenId(), entry.revokedAt().truncatedTo(ChronoUnit.SECONDS));
    }
    return Main.EXIT_OK;
  }

  /** The token's endpoint: {@code --endpoint}'s nodes, else {@code --host} and {@code --port}. */
  private static String endpoint(Arguments args, boolean tls) throws UsageException {
    if (args.get("endpoint").isPresent()) {
      // CIRRUS_HOST and CIRRUS_PORT may be set for the server itself: only flags conflict.
      if (args.given("host") || args.given("port")) {
        throw new UsageException(args.source("endpoint") + " names the nodes: leave out "
            + (args.given("host") ? "--host" : "--port") + ", or put that node in the list");
      }
      return TokenEndpoints.of(args.get("endpoint").get(), tls, args.source("endpoint"),
          ServerConfig.DEFAULT_PORT);
    }
    String host = args.get("host").orElse(ServerConfig.DEFAULT_HOST);
    int port = ServerConfig.DEFAULT_PORT;
    if (args.get("port").isPresent()) {
      port = Values.intRange(args.source("port"), args.get("port").get(), 1, 65_535);
    }
    return (tls ? "cirrus+tls://" : "cirrus://")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static int issue(Arguments args, PrintStream out, PrintStream err) throws UsageException {
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
    Set<Permission> permissions = Permission.accountDefaults();
    if (args.get("permissions").isPresent()) {
      permissions = Values.permissions(args.source("permissions"), args.get("permissions").get());
    }
    CacheScope caches = CacheScope.ALL;
    if (args.get("caches").isPresent()) {
      caches = CacheScope.of(Values.cacheNames(args.source("caches"), args.get("caches").get()));
    }
    boolean tls = false;
    if (args.get("tls").isPresent()) {
      tls = Values.bool(args.source("tls"), args.get("tls").get());
    }
    String endpoint = endpoint(args, tls);
    Path dataDir = args.get("data-dir").map(Path::of).orElse(ServerConfig.DEFAULT_DATA_DIR);
    SigningKey key;
    try {
      key = SigningKeys.load(dataDir).current();
    } catch (IOException e) {
      err.println("cirrus-server: " + e.getMessage());
      return 1;
    }
    TokenIssuer.Issued issued = new TokenIssuer(key, endpoint, Clock.systemUTC())
        .issueWithId(account, ttl, permissions, caches);
    out.println(issued.token());
    err.println("Token id " + issued.id() + " (account '" + account + "', expires "
        + issued.expiresAt().truncatedTo(ChronoUnit.SECONDS) + "); revoke it with: java -jar"
        + " cirrus-server.jar token revoke " + issued.id() + " --data-dir " + dataDir);
    return Main.EXIT_OK;
  }
}
