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
import java.util.Optional;
import java.util.stream.Stream;
import java.util.Set;

/**
 * {@code token}: prints a token signed with the current key of a data directory (and its id on
 * the error stream, so {@code $(... token ...)} still captures the token alone); {@code token
 * revoke ID} and {@code token revoked} manage the data directory's revocation list.
 */
final class TokenCommand {
  static final Duration DEFAULT_TTL = Duration.ofDays(30);

  static final Flag<Path> REVOKE_DATA_DIR = Flag.of("data-dir", "DIR", "./.cirrus",
      "the server's data directory, holding its revocation list", Values.path("name a directory"));
  static final Flag<Integer> MAX_REVOKED_TOKENS = Flag.of("max-revoked-tokens", "N",
      Integer.toString(Revocations.DEFAULT_MAX),
      "token revoke: most token ids the revocation list may hold (as the server's flag)",
      Values.ints(1, 100_000_000));
  static final List<Flag<?>> REVOKE_FLAGS = List.of(REVOKE_DATA_DIR, MAX_REVOKED_TOKENS);

  static final Flag<String> ACCOUNT = Flag.of("account", "NAME", null,
      "the account the token is for (required)", TokenCommand::account);
  static final Flag<Duration> TTL = Flag.of("ttl", "DURATION", "30d", "how long the token is valid",
      Values.atLeast(Values::duration, Duration.ofMillis(1), "is too short: tokens must live longer than 0"));
  static final Flag<Set<Permission>> PERMISSIONS = Flag.of("permissions", "LIST",
      "read,write,control", "what the token allows: read, write, control (create, flush, delete caches) on its account; operator (apart: read the whole server's /metrics and /console, every account's figures)",
      Values::permissions);
  static final Flag<CacheScope> CACHES = Flag.of("caches", "LIST", "every cache",
      "comma-separated caches the token may touch; others are refused",
      (source, text) -> CacheScope.of(Values.cacheNames(source, text)));
  static final Flag<Path> DATA_DIR = Flag.of("data-dir", "DIR", "./.cirrus",
      "the server's data directory, holding its signing keys", Values.path("name a directory"));
  static final Flag<String> HOST = Flag.of("host", "HOST", ServerConfig.DEFAULT_HOST,
      "the server address written into the token", Values.required("name the server's address"));
  static final Flag<Integer> PORT = Flag.of("port", "PORT",
      Integer.toString(ServerConfig.DEFAULT_PORT), "the server port written into the token",
      Values.ints(1, 65_535));
  static final Flag<Boolean> TLS = Flag.of("tls", "BOOL", "false",
      "write cirrus+tls:// into the token (for a server started with --tls-cert)", Values::bool);
  static final Flag<String> ENDPOINT = Flag.of("endpoint", "HOST:PORT", "--host:--port",
      "nodes written into the token instead of --host and --port; repeat it or separate with commas (cirrus://h1:7070,h2:7070 too) so the token alone sets up a client of several nodes",
      (source, text) -> text).repeated();

  static final List<Flag<?>> FLAGS =
      List.of(ACCOUNT, TTL, PERMISSIONS, CACHES, DATA_DIR, HOST, PORT, TLS, ENDPOINT);

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
        Stream.concat(FLAGS.stream(), Stream.of(MAX_REVOKED_TOKENS)).toList());
  }

  /** {@code token [FLAGS]}: issues a token. */
  static int issue(Arguments args, PrintStream out, PrintStream err) throws UsageException {
    String account = args.value(ACCOUNT).orElseThrow(() -> new UsageException(
        "--account is required: java -jar cirrus-server.jar token --account NAME"));
    Duration ttl = args.value(TTL).orElse(DEFAULT_TTL);
    Set<Permission> permissions = args.value(PERMISSIONS).orElse(Permission.accountDefaults());
    CacheScope caches = args.value(CACHES).orElse(CacheScope.ALL);
    String endpoint = endpoint(args, args.value(TLS).orElse(false));
    Path dataDir = args.value(DATA_DIR).orElse(ServerConfig.DEFAULT_DATA_DIR);
    SigningKey key;
    try {
      key = SigningKeys.load(dataDir).current();
    } catch (IOException e) {
      err.println("cirrus-server: " + e.getMessage());
      return Main.EXIT_FAILED;
    }
    TokenIssuer.Issued issued = new TokenIssuer(key, endpoint, Clock.systemUTC())
        .issueWithId(account, ttl, permissions, caches);
    out.println(issued.token());
    err.println("Token id " + issued.id() + " (account '" + account + "', expires "
        + issued.expiresAt().truncatedTo(ChronoUnit.SECONDS) + "); revoke it with: java -jar"
        + " cirrus-server.jar token revoke " + issued.id() + " --data-dir " + dataDir);
    return Main.EXIT_OK;
  }

  /** {@code token revoke ID [FLAGS]}: adds the id to the data directory's revocation list. */
  static int revoke(Arguments args, PrintStream out, PrintStream err) throws UsageException {
    String id = args.positional().orElseThrow(() -> new UsageException("token revoke needs the"
        + " token's id: token revoke ID [--data-dir DIR]; the id was printed when the token was"
        + " issued (it is the token's 'jti' claim)"));
    if (!Revocations.isTokenId(id)) {
      throw new UsageException("'" + id + "' is not a token id: ids are 1 to 128 letters, digits,"
          + " '.', '_' or '-', as printed when the token was issued");
    }
    int max = args.value(MAX_REVOKED_TOKENS).orElse(Revocations.DEFAULT_MAX);
    Path dataDir = args.value(REVOKE_DATA_DIR).orElse(ServerConfig.DEFAULT_DATA_DIR);
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

  /** {@code token revoked [FLAGS]}: lists the data directory's revocations. */
  static int revoked(Arguments args, PrintStream out, PrintStream err) throws UsageException {
    Path dataDir = args.value(REVOKE_DATA_DIR).orElse(ServerConfig.DEFAULT_DATA_DIR);
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
    Optional<String> nodes = args.value(ENDPOINT);
    if (nodes.isPresent()) {
      // CIRRUS_HOST and CIRRUS_PORT may be set for the server itself: only flags conflict.
      if (args.given(HOST) || args.given(PORT)) {
        throw new UsageException(args.source(ENDPOINT) + " names the nodes: leave out "
            + (args.given(HOST) ? "--host" : "--port") + ", or put that node in the list");
      }
      return TokenEndpoints.of(nodes.get(), tls, args.source(ENDPOINT), ServerConfig.DEFAULT_PORT);
    }
    String host = args.value(HOST).orElse(ServerConfig.DEFAULT_HOST);
    int port = args.value(PORT).orElse(ServerConfig.DEFAULT_PORT);
    return (tls ? "cirrus+tls://" : "cirrus://")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static String account(String source, String text) throws UsageException {
    if (text.isEmpty() || text.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw new UsageException(source + ": '" + text
          + "' is not an account name; use letters, digits and punctuation, no spaces");
    }
    return text;
  }
}
