package dev.cirrus.server.cli;

import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.CacheScope;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.auth.Revocations;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.feed.StreamQuota;
import dev.cirrus.server.fastpath.DataPathLimits;
import dev.cirrus.server.limits.FairExecutor;
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
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code serve}: starts a server and runs until SIGTERM or Ctrl-C. */
final class ServeCommand {
  static final String DEV_ACCOUNT = "dev";
  static final Duration DEV_TOKEN_TTL = Duration.ofDays(30);
  static final String DEV_TOKEN_FILE = "dev-token";

  private static final Limits DEFAULTS = Limits.defaults();

  static final List<Flag> FLAGS = Stream.concat(Stream.of(
      new Flag("host", "HOST", ServerConfig.DEFAULT_HOST, "address to listen on"),
      new Flag("port", "PORT", Integer.toString(ServerConfig.DEFAULT_PORT), "port to listen on; 0 picks a free one"),
      new Flag("data-port", "PORT|off", "--port + 1, a free one when --port is 0", "port of the binary data path (fast point and batch calls, same host; TLS with --tls-cert); 0 picks a free one, off disables it"),
      new Flag("data-idle-timeout", "DURATION", "5m", "close a data path connection that sends no request for this long (it says GOODBYE; clients reconnect)"),
      new Flag("http-port", "PORT", "off", "port of the HTTP listener (same host; HTTPS with --tls-cert): GET /health (open to all), /metrics and /console (see --metrics-public); 0 picks a free one"),
      new Flag("metrics-public", "true|false", "false", "let anyone who reaches --http-port read /metrics and the console's figures (for a scraper inside a private network); otherwise they need a token with the operator permission ('token --permissions operator')"),
      new Flag("data-dir", "DIR", "./.cirrus", "where the signing keys and the dev token live"),
      new Flag("tls-cert", "FILE", null, "PEM certificate chain: serve TLS only (cirrus+tls://); needs --tls-key"),
      new Flag("tls-key", "FILE", null, "PEM private key (PKCS#8) of --tls-cert"),
      new Flag("memory-budget", "SIZE", "half the JVM heap", "most memory the stored entries may use; beyond it entries are evicted"),
      new Flag("dev-mode", "auto|true|false", "auto", "create and print a development token for account 'dev' on start; auto: only when --host is a loopback address (production servers get no such token)"),
      new Flag("max-key-bytes", "SIZE", Integer.toString(DEFAULTS.maxKeyBytes()), "largest key"),
      new Flag("max-value-bytes", "SIZE", Integer.toString(DEFAULTS.maxValueBytes()), "largest value"),
      new Flag("max-batch-size", "N", Integer.toString(DEFAULTS.maxBatchSize()), "most items in one batch or scan page"),
      new Flag("max-caches-per-account", "N", Integer.toString(DEFAULTS.maxCachesPerAccount()), "most caches one account may own"),
      new Flag("max-ttl", "DURATION", DEFAULTS.maxTtl().toDays() + "d", "longest time to live an entry may be given"),
      new Flag("max-response-bytes", "SIZE", "64m", "largest answer: a batch whose answer (values, previous values) would be larger is refused naming this limit, a scan page ends early; at least --max-key-bytes + --max-value-bytes"),
      new Flag("account-memory-quota", "SIZE|off", "off", "most memory one account's entries may use (at least 1m); beyond it that account's own least used entries are evicted, not other accounts'"),
      new Flag("account-rate-limit", "N/s|off", "off", "most requests per second one account may make, over every connection and door (a second's worth may come at once); beyond it calls are refused with RESOURCE_EXHAUSTED naming this limit"),
      new Flag("account-queued-calls", "N", Integer.toString(FairExecutor.DEFAULT_QUEUED_CALLS_PER_ACCOUNT), "most heavy gRPC calls (batches, scans, clears, cache listings) one account may have waiting for a worker; workers serve the accounts with calls waiting in turn, and a call beyond this is refused with RESOURCE_EXHAUSTED naming this limit"),
      new Flag("max-config-bytes", "SIZE", Integer.toString(DEFAULTS.maxConfigBytes()), "largest client configuration stored with a cache"),
      new Flag("max-revoked-tokens", "N", Integer.toString(Revocations.DEFAULT_MAX), "most token ids the revocation list ('token revoke') may hold; the server refuses to start with more"),
      new Flag("subscriber-queue-bytes", "SIZE", "8m", "most bytes of change events (keys, values when asked for) one change stream may fall behind; beyond it the stream ends with RESOURCE_EXHAUSTED"),
      new Flag("max-streams-per-account", "N", Integer.toString(StreamQuota.DEFAULT_PER_ACCOUNT), "most change streams one account may have open (a client holds one per cache with listeners or a near cache)"),
      new Flag("max-streams-per-connection", "N", Integer.toString(StreamQuota.DEFAULT_PER_CONNECTION), "most change streams one client connection may have open"),
      new Flag("data-max-connections", "N", Integer.toString(DataPathLimits.DEFAULT_MAX_CONNECTIONS), "most authenticated data path connections at once; a hello beyond them is refused"),
      new Flag("data-max-unauthenticated", "N", Integer.toString(DataPathLimits.DEFAULT_MAX_UNAUTHENTICATED), "most data path connections still in their TLS handshake or hello, counted apart from --data-max-connections (and at most it); a connection beyond them is refused"),
      new Flag("data-hello-timeout", "DURATION", DataPathLimits.DEFAULT_HELLO_TIMEOUT.toSeconds() + "s", "drop a data path connection that has not finished its TLS handshake and hello this long after connecting"),
      new Flag("data-max-connections-per-address", "N", Integer.toString(DataPathLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS), "most data path connections from one remote address"),
      new Flag("data-max-connections-per-account", "N", Integer.toString(DataPathLimits.DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT), "most authenticated data path connections of one account"),
      new Flag("data-max-bytes-in-flight", "SIZE", "a quarter of the JVM heap, at least 32m", "most request bytes the data path holds at once (beyond 16 KiB per frame); a frame that would exceed it is refused")),
      StoreOption.FLAGS.stream()).toList();

  private ServeCommand() {}

  static String help() {
    return HelpText.render(
        "java -jar cirrus-server.jar [serve] [FLAGS]\n       java -jar cirrus-server.jar token --help\n"
            + "       java -jar cirrus-server.jar keys --help",
        "Starts a Cirrus cache server. Clients connect to cirrus://HOST:PORT (cirrus+tls://HOST:PORT"
            + " with --tls-cert and --tls-key)\nwith a token issued by this server's key (see the"
            + " 'token' command; 'keys' rotates the key).",
        FLAGS);
  }

  static ServerConfig config(Arguments args) throws UsageException {
    ServerConfig.Builder config = ServerConfig.builder();
    Optional<String> host = args.get("host");
    if (host.isPresent()) {
      if (host.get().isEmpty()) {
        throw new UsageException(args.source("host") + ": empty; use an address such as 127.0.0.1 or 0.0.0.0");
      }
      config.host(host.get());
    }
    Optional<String> port = args.get("port");
    if (port.isPresent()) {
      config.port(Values.intRange(args.source("port"), port.get(), 0, 65_535));
    }
    Optional<String> dataPort = args.get("data-port");
    if (dataPort.isPresent()) {
      String value = dataPort.get().trim();
      config.dataPort(value.equalsIgnoreCase("off") || value.equals("-1")
          ? ServerConfig.DATA_PORT_OFF
          : Values.intRange(args.source("data-port"), value, 0, 65_535));
    }
    Optional<String> httpPort = args.get("http-port");
    if (httpPort.isPresent() && !httpPort.get().trim().equalsIgnoreCase("off")) {
      config.httpPort(Values.intRange(args.source("http-port"), httpPort.get(), 0, 65_535));
    }
    Optional<String> metricsPublic = args.get("metrics-public");
    if (metricsPublic.isPresent()) {
      config.metricsPublic(Values.bool(args.source("metrics-public"), metricsPublic.get()));
    }
    Optional<String> idle = args.get("data-idle-timeout");
    if (idle.isPresent()) {
      Duration timeout = Values.duration(args.source("data-idle-timeout"), idle.get());
      if (timeout.toMillis() < 100) {
        throw new UsageException(args.source("data-idle-timeout") + ": " + idle.get().trim()
            + " is too short for clients between two calls; use at least 100ms, e.g. 5m");
      }
      config.dataIdleTimeout(timeout);
    }
    Optional<String> dataDir = args.get("data-dir");
    if (dataDir.isPresent()) {
      if (dataDir.get().isEmpty()) {
        throw new UsageException(args.source("data-dir") + ": empty; name a directory");
      }
      config.dataDir(Path.of(dataDir.get()));
    }
    tls(args, config);
    StoreOption.apply(args, config);
    Optional<String> budget = args.get("memory-budget");
    if (budget.isPresent()) {
      long bytes = Values.size(args.source("memory-budget"), budget.get());
      if (bytes < (1 << 20)) {
        throw new UsageException(args.source("memory-budget") + ": " + bytes
            + " bytes is too small; use at least 1m");
      }
      config.memoryBudgetBytes(bytes);
    }
    config.devMode(devMode(args, host.orElse(ServerConfig.DEFAULT_HOST)));
    config.limits(limits(args));
    Optional<String> revoked = args.get("max-revoked-tokens");
    if (revoked.isPresent()) {
      config.maxRevokedTokens(
          Values.intRange(args.source("max-revoked-tokens"), revoked.get(), 1, 100_000_000));
    }
    streams(args, config);
    Optional<String> quota = args.get("account-memory-quota");
    if (quota.isPresent() && !quota.get().trim().equalsIgnoreCase("off")) {
      long bytes = Values.size(args.source("account-memory-quota"), quota.get());
      if (bytes < (1 << 20)) {
        throw new UsageException(args.source("account-memory-quota") + ": " + bytes
            + " bytes is too small for one account's entries; use at least 1m, or off");
      }
      config.accountMemoryQuotaBytes(bytes);
    }
    Optional<String> rate = args.get("account-rate-limit");
    if (rate.isPresent() && !rate.get().trim().equalsIgnoreCase("off")) {
      String perSecond = rate.get().trim();
      perSecond = perSecond.endsWith("/s") ? perSecond.substring(0, perSecond.length() - 2) : perSecond;
      config.accountRateLimit(
          Values.intRange(args.source("account-rate-limit"), perSecond, 1, 100_000_000));
    }
    Optional<String> queued = args.get("account-queued-calls");
    if (queued.isPresent()) {
      config.accountQueuedCalls(
          Values.intRange(args.source("account-queued-calls"), queued.get(), 1, 1_000_000));
    }
    config.dataPathLimits(dataPathLimits(args));
    return config.build();
  }

  /**
   * Whether to print a development token. A token with every permission that lives 30 days is a
   * convenience for a laptop, and a liability on a server others can reach, so {@code auto} (the
   * default) gives one only to a server bound to a loopback address.
   */
  private static boolean devMode(Arguments args, String host) throws UsageException {
    String value = args.get("dev-mode").map(String::trim).orElse("auto");
    if (value.equalsIgnoreCase("auto")) {
      return isLoopback(host);
    }
    try {
      return Values.bool(args.source("dev-mode"), value);
    } catch (UsageException e) {
      throw new UsageException(args.source("dev-mode") + ": '" + value
          + "' is not auto, true or false");
    }
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

  private static void streams(Arguments args, ServerConfig.Builder config) throws UsageException {
    Optional<String> v = args.get("subscriber-queue-bytes");
    if (v.isPresent()) {
      long bytes = Values.size(args.source("subscriber-queue-bytes"), v.get());
      if (bytes < 64 * 1024) {
        throw new UsageException(args.source("subscriber-queue-bytes") + ": " + bytes
            + " bytes would end a subscriber at the first burst; use at least 64k, e.g. 8m");
      }
      config.subscriberQueueBytes(bytes);
    }
    v = args.get("max-streams-per-account");
    if (v.isPresent()) {
      config.maxStreamsPerAccount(
          Values.intRange(args.source("max-streams-per-account"), v.get(), 1, 1_000_000));
    }
    v = args.get("max-streams-per-connection");
    if (v.isPresent()) {
      config.maxStreamsPerConnection(
          Values.intRange(args.source("max-streams-per-connection"), v.get(), 1, 1_000_000));
    }
  }

  private static void tls(Arguments args, ServerConfig.Builder config) throws UsageException {
    Optional<String> cert = args.get("tls-cert").filter(v -> !v.isEmpty());
    Optional<String> key = args.get("tls-key").filter(v -> !v.isEmpty());
    if (cert.isEmpty() && key.isEmpty()) {
      return;
    }
    if (cert.isEmpty() || key.isEmpty()) {
      String given = cert.isPresent() ? args.source("tls-cert") : args.source("tls-key");
      throw new UsageException(given + " needs its partner: give both --tls-cert FILE (PEM"
          + " certificate chain) and --tls-key FILE (its PEM private key), or neither for plaintext");
    }
    config.tls(readable(args, "tls-cert", cert.get()), readable(args, "tls-key", key.get()));
  }

  private static Path readable(Arguments args, String flag, String file) throws UsageException {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new UsageException(args.source(flag) + ": " + path.toAbsolutePath()
          + " is not a readable file");
    }
    return path;
  }

  private static Limits limits(Arguments args) throws UsageException {
    Limits.Builder limits = Limits.builder();
    Optional<String> v = args.get("max-key-bytes");
    if (v.isPresent()) {
      limits.maxKeyBytes(Values.intSize(args.source("max-key-bytes"), v.get(), 1));
    }
    v = args.get("max-value-bytes");
    if (v.isPresent()) {
      limits.maxValueBytes(Values.intSize(args.source("max-value-bytes"), v.get(), 1));
    }
    v = args.get("max-batch-size");
    if (v.isPresent()) {
      limits.maxBatchSize(Values.intRange(args.source("max-batch-size"), v.get(), 1, 1_000_000));
    }
    v = args.get("max-caches-per-account");
    if (v.isPresent()) {
      limits.maxCachesPerAccount(
          Values.intRange(args.source("max-caches-per-account"), v.get(), 1, 1_000_000));
    }
    v = args.get("max-ttl");
    if (v.isPresent()) {
      Duration ttl = Values.duration(args.source("max-ttl"), v.get());
      if (ttl.isZero()) {
        throw new UsageException(args.source("max-ttl") + ": must be longer than 0");
      }
      limits.maxTtl(ttl);
    }
    v = args.get("max-config-bytes");
    if (v.isPresent()) {
      limits.maxConfigBytes(Values.intSize(args.source("max-config-bytes"), v.get(), 1));
    }
    v = args.get("max-response-bytes");
    if (v.isPresent()) {
      limits.maxResponseBytes(Values.intSize(args.source("max-response-bytes"), v.get(), 1));
    }
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
    Optional<String> v = args.get("data-max-connections");
    if (v.isPresent()) {
      limits = limits.withMaxConnections(
          Values.intRange(args.source("data-max-connections"), v.get(), 1, 100_000));
    }
    v = args.get("data-max-unauthenticated");
    if (v.isPresent()) {
      limits = limits.withMaxUnauthenticated(
          Values.intRange(args.source("data-max-unauthenticated"), v.get(), 1, 100_000));
    }
    v = args.get("data-hello-timeout");
    if (v.isPresent()) {
      Duration timeout = Values.duration(args.source("data-hello-timeout"), v.get());
      if (timeout.toMillis() < 100) {
        throw new UsageException(args.source("data-hello-timeout") + ": " + v.get().trim()
            + " is too short for a TLS handshake and a hello; use at least 100ms, e.g. 5s");
      }
      limits = limits.withHelloTimeout(timeout);
    }
    v = args.get("data-max-connections-per-address");
    if (v.isPresent()) {
      limits = limits.withMaxConnectionsPerAddress(
          Values.intRange(args.source("data-max-connections-per-address"), v.get(), 1, 100_000));
    }
    v = args.get("data-max-connections-per-account");
    if (v.isPresent()) {
      limits = limits.withMaxConnectionsPerAccount(
          Values.intRange(args.source("data-max-connections-per-account"), v.get(), 1, 100_000));
    }
    v = args.get("data-max-bytes-in-flight");
    if (v.isPresent()) {
      long bytes = Values.size(args.source("data-max-bytes-in-flight"), v.get());
      if (bytes < (1 << 20)) {
        throw new UsageException(args.source("data-max-bytes-in-flight") + ": " + bytes
            + " bytes is too small for the batches clients send; use at least 1m");
      }
      limits = limits.withMaxBytesInFlight(bytes);
    }
    return limits;
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
