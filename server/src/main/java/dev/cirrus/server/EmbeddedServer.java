package dev.cirrus.server;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Permission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A Cirrus server in this JVM for tests: on 127.0.0.1, on free ports (gRPC and data path), over a
 * fresh temporary data dir that {@link #close} deletes. The project's test fixtures start their
 * servers through it, and {@code cirrus-junit} starts it for its users.
 *
 * <pre>{@code
 * try (EmbeddedServer cirrus = EmbeddedServer.start()) {
 *   String token = cirrus.token(EmbeddedServer.freshAccount());
 *   // connect to cirrus.uri() with the token
 * }
 * }</pre>
 *
 * <p>{@link #start(UnaryOperator)} lets the caller adjust the {@link ServerConfig} before the
 * start; what the customizer sets wins, and a data dir it names is the caller's and is kept. The
 * HTTP listener (health, metrics, console) is off unless it sets {@code httpPort(0)}; {@link
 * #httpUri()} then tells where it listens.
 */
public final class EmbeddedServer implements AutoCloseable {
  /** How long {@link #token(String)}'s tokens live: longer than any test run. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(1);

  private final ServerConfig config;
  /** The temporary data dir this object made and deletes, or null when the caller named one. */
  private final Path ownedDataDir;
  private final URI uri;
  private CirrusServer server;

  private EmbeddedServer(CirrusServer server, Path ownedDataDir) {
    this.server = server;
    // Later starts (restart) take the ports the first one found free.
    this.config = server.config().toBuilder()
        .port(server.port())
        .dataPort(server.dataPort() == 0 ? ServerConfig.DATA_PORT_OFF : server.dataPort())
        .httpPort(server.httpPort() == 0 ? ServerConfig.HTTP_PORT_OFF : server.httpPort())
        .build();
    this.ownedDataDir = ownedDataDir;
    this.uri = URI.create(server.endpoint());
  }

  /** Starts a server with the test defaults: loopback, free ports, a temporary data dir. */
  public static EmbeddedServer start() throws IOException {
    return start(UnaryOperator.identity());
  }

  /**
   * Starts a server with the test defaults as adjusted by {@code customizer}, which gets a builder
   * set to 127.0.0.1, port 0, data port 0 and a new temporary data dir.
   */
  public static EmbeddedServer start(UnaryOperator<ServerConfig.Builder> customizer)
      throws IOException {
    requireNonNull(customizer, "customizer");
    Path tempDir = Files.createTempDirectory("cirrus-");
    try {
      ServerConfig config = customizer.apply(ServerConfig.builder()
          .host(ServerConfig.DEFAULT_HOST).port(0).dataPort(0).dataDir(tempDir)).build();
      Path owned = config.dataDir().equals(tempDir) ? tempDir : null;
      if (owned == null) {
        deleteRecursively(tempDir);
      }
      return new EmbeddedServer(CirrusServer.start(config), owned);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tempDir, e);
      throw e;
    }
  }

  /** A new account name, so that tests sharing a server never see each other's caches. */
  public static String freshAccount() {
    return "acct-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The running server (a new one after {@link #restart}). */
  public synchronized CirrusServer server() {
    return server;
  }

  /** {@code cirrus://127.0.0.1:PORT} ({@code cirrus+tls://} with TLS): what clients connect to. */
  public URI uri() {
    return uri;
  }

  /**
   * {@code http://127.0.0.1:PORT} ({@code https://} with TLS) of the HTTP listener, or null when
   * it is off (see {@link ServerConfig.Builder#httpPort}).
   */
  public synchronized URI httpUri() {
    int port = server.httpPort();
    return port == 0 ? null
        : URI.create((server.httpTls() ? "https://" : "http://") + config.host() + ":" + port);
  }

  /** Where the signing keys live; it survives {@link #restart} and is deleted by {@link #close}. */
  public Path dataDir() {
    return config.dataDir();
  }

  /**
   * A token for {@code account} with read, write and control (not operator), living {@link
   * #DEFAULT_TOKEN_LIFETIME}.
   */
  public String token(String account) {
    return token(account, DEFAULT_TOKEN_LIFETIME,
        Permission.accountDefaults().toArray(Permission[]::new));
  }

  /** A token for {@code account} with exactly {@code permissions}, living {@code lifetime}. */
  public String token(String account, Duration lifetime, Permission... permissions) {
    EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
    granted.addAll(List.of(permissions));
    return server().tokens().issue(account, lifetime, granted);
  }

  /**
   * Stops the server and starts it again (starts it, after {@link #stop}) on the same ports and
   * data dir: tokens it issued stay valid; caches and entries, kept in memory, are gone.
   */
  public synchronized void restart() throws IOException {
    server.close();
    server = CirrusServer.start(config);
  }

  /** Stops the server, keeping its ports' numbers and data dir for {@link #restart}. */
  public synchronized void stop() {
    server.close();
  }

  /** Stops the server and deletes the temporary data dir. Idempotent. */
  @Override
  public synchronized void close() {
    server.close();
    if (ownedDataDir != null) {
      try {
        deleteRecursively(ownedDataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the test server's data dir " + ownedDataDir, e);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void deleteQuietly(Path dir, Exception failure) {
    try {
      deleteRecursively(dir);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
