package dev.cirrus.server.cli;

import static dev.cirrus.server.cli.ServeFlags.*;

import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.CacheScope;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.fastpath.DataPathLimits;
import dev.cirrus.server.limits.Limits;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/** {@code serve}: starts a server and runs until SIGTERM or Ctrl-C. */
final class ServeCommand {
  static final String DEV_ACCOUNT = "dev";
  static final Duration DEV_TOKEN_TTL = Duration.ofDays(30);
  static final String DEV_TOKEN_FILE = "dev-token";

  private ServeCommand() {}

  static String help() {
    return HelpText.render(
        "java -jar cirrus-server.jar [serve] [FLAGS]\n       java -jar cirrus-server.jar token --help\n"
            + "       java -jar cirrus-server.jar keys --help",
        "Starts a Cirrus cache server. Clients connect to cirrus://HOST:PORT (cirrus+tls://HOST:PORT"
            + " with --tls-cert and --tls-key)\nwith a token issued by this server's key (see the"
            + " 'token' command; 'keys' rotates the key).",
        ServeFlags.ALL);
  }

  static ServerConfig config(Arguments args) throws UsageException {
    ServerConfig.Builder config = ServerConfig.builder();
    Optional<String> host = args.value(HOST);
    host.ifPresent(config::host);
    args.value(PORT).ifPresent(config::port);
    args.value(DATA_PORT).ifPresent(config::dataPort);
    args.value(HTTP_PORT).ifPresent(config::httpPort);
    args.value(METRICS_PUBLIC).ifPresent(config::metricsPublic);
    args.value(CACHE_METRICS).ifPresent(config::cacheMetrics);
    args.value(DATA_IDLE_TIMEOUT).ifPresent(config::dataIdleTimeout);
    args.value(DATA_DIR).ifPresent(config::dataDir);
    tls(args, config);
    StoreOption.apply(args, config);
    args.value(MEMORY_BUDGET).ifPresent(config::memoryBudgetBytes);
    // auto (the default): a token with every permission that lives 30 days is a convenience on
    // a laptop and a liability on a server others can reach, so only loopback servers get one.
    config.devMode(args.value(DEV_MODE)
        .orElseGet(() -> isLoopback(host.orElse(ServerConfig.DEFAULT_HOST))));
    config.limits(limits(args));
    args.value(MAX_REVOKED_TOKENS).ifPresent(config::maxRevokedTokens);
    args.value(SUBSCRIBER_QUEUE_BYTES).ifPresent(config::subscriberQueueBytes);
    args.value(MAX_STREAMS_PER_ACCOUNT).ifPresent(config::maxStreamsPerAccount);
    args.value(MAX_STREAMS_PER_CONNECTION).ifPresent(config::maxStreamsPerConnection);
    args.value(ACCOUNT_MEMORY_QUOTA).ifPresent(config::accountMemoryQuotaBytes);
    args.value(ACCOUNT_RATE_LIMIT).ifPresent(config::accountRateLimit);
    args.value(ACCOUNT_QUEUED_CALLS).ifPresent(config::accountQueuedCalls);
    config.dataPathLimits(dataPathLimits(args));
    return config.build();
  }

  /** Whether {@code host} names only this machine; a name that does not resolve counts as not. */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void tls(Arguments args, ServerConfig.Builder config) throws UsageException {
    Optional<String> cert = args.value(TLS_CERT);
    Optional<String> key = args.value(TLS_KEY);
    if (cert.isEmpty() && key.isEmpty()) {
      return;
    }
    if (cert.isEmpty() || key.isEmpty()) {
      String given = cert.isPresent() ? args.source(TLS_CERT) : args.source(TLS_KEY);
      throw new UsageException(given + " needs its partner: give both --tls-cert FILE (PEM"
          + " certificate chain) and --tls-key FILE (its PEM private key), or neither for plaintext");
    }
    config.tls(readable(args, TLS_CERT, cert.get()), readable(args, TLS_KEY, key.get()));
  }

  private static Path readable(Arguments args, Flag<String> flag, String file)
      throws UsageException {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new UsageException(args.source(flag) + ": " + path.toAbsolutePath()
          + " is not a readable file");
    }
    return path;
  }

  private static Limits limits(Arguments args) throws UsageException {
    Limits.Builder limits = Limits.builder();
    args.value(MAX_KEY_BYTES).ifPresent(limits::maxKeyBytes);
    args.value(MAX_VALUE_BYTES).ifPresent(limits::maxValueBytes);
    args.value(MAX_BATCH_SIZE).ifPresent(limits::maxBatchSize);
    args.value(MAX_CACHES_PER_ACCOUNT).ifPresent(limits::maxCachesPerAccount);
    args.value(MAX_TTL).ifPresent(limits::maxTtl);
    args.value(MAX_CONFIG_BYTES).ifPresent(limits::maxConfigBytes);
    args.value(MAX_RESPONSE_BYTES).ifPresent(limits::maxResponseBytes);
    try {
      return limits.build();
    } catch (IllegalArgumentException e) {
      // The one rule between flags: an answer must hold one entry.
      throw new UsageException("--max-response-bytes must be at least --max-key-bytes +"
          + " --max-value-bytes + " + dev.cirrus.server.store.AnswerBytes.ITEM_OVERHEAD
          + " bytes: " + e.getMessage());
    }
  }

  private static DataPathLimits dataPathLimits(Arguments args) throws UsageException {
    DataPathLimits limits = DataPathLimits.defaults();
    limits = args.value(DATA_MAX_CONNECTIONS).map(limits::withMaxConnections).orElse(limits);
    limits = args.value(DATA_MAX_UNAUTHENTICATED).map(limits::withMaxUnauthenticated).orElse(limits);
    limits = args.value(DATA_HELLO_TIMEOUT).map(limits::withHelloTimeout).orElse(limits);
    limits = args.value(DATA_MAX_CONNECTIONS_PER_ADDRESS)
        .map(limits::withMaxConnectionsPerAddress).orElse(limits);
    limits = args.value(DATA_MAX_CONNECTIONS_PER_ACCOUNT)
        .map(limits::withMaxConnectionsPerAccount).orElse(limits);
    return args.value(DATA_MAX_BYTES_IN_FLIGHT).map(limits::withMaxBytesInFlight).orElse(limits);
  }

  static int run(Arguments args, PrintStream out, PrintStream err) throws UsageException {
    ServerConfig config = config(args);
    CirrusServer server;
    try {
      server = CirrusServer.start(config);
    } catch (IOException e) {
      err.println("cirrus-server: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      out.println("Cirrus stopped (" + server.endpoint() + ")");
      out.flush();
    }, "cirrus-shutdown"));
    Path dataDir = config.dataDir().toAbsolutePath().normalize();
    String dataPath = server.dataPort() == 0 ? "data path off"
        : "data path on " + server.host() + ":" + server.dataPort()
            + (server.dataPortTls() ? " with TLS" : "");
    String http = server.httpPort() == 0 ? "HTTP off"
        : "HTTP on " + (server.httpTls() ? "https://" : "http://") + server.host() + ":"
            + server.httpPort();
    out.println("Cirrus " + CirrusServer.VERSION + " listening on " + server.endpoint()
        + " (" + dataPath + "; " + http + "; data dir " + dataDir + ")");
    if (config.devMode()) {
      if (!isLoopback(config.host())) {
        err.println("cirrus-server: WARNING: --dev-mode true on " + config.host() + ", an address"
            + " other machines can reach: anyone who reads the development token gets every"
            + " permission on account '" + DEV_ACCOUNT + "' for 30 days. Use --dev-mode false"
            + " and issue tokens with the 'token' command.");
      }
      try {
        printDevToken(server, dataDir, out);
      } catch (IOException e) {
        err.println("cirrus-server: cannot write the development token into " + dataDir + ": "
            + e.getMessage());
      }
    } else {
      out.println("No development token (production mode). Issue tokens with: java -jar"
          + " cirrus-server.jar token --account NAME --data-dir " + dataDir);
    }
    out.flush();
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }

  private static void printDevToken(CirrusServer server, Path dataDir, PrintStream out)
      throws IOException {
    TokenIssuer.Issued issued = server.tokens().issueWithId(DEV_ACCOUNT, DEV_TOKEN_TTL,
        Permission.accountDefaults(), CacheScope.ALL);
    String token = issued.token();
    Path file = dataDir.resolve(DEV_TOKEN_FILE);
    Path temp = Files.createTempFile(dataDir, ".dev-token", ".tmp");
    if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    }
    Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    out.println("Development token for account '" + DEV_ACCOUNT + "' (all permissions, expires "
        + issued.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", token id "
        + issued.id() + "), written to " + file + ":");
    out.println(token);
    out.println("Use it with: export CIRRUS_AUTH_TOKEN=$(cat " + file + ")");
    out.println("DEVELOPMENT MODE: this token is for trying Cirrus on this machine, not for"
        + " production. A server others can reach runs with --dev-mode false (the default"
        + " off loopback) and hands out tokens made by the 'token' command.");
  }
}
