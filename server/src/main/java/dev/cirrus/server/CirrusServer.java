package dev.cirrus.server;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Revocations;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.fastpath.DataPathListener;
import dev.cirrus.server.fastpath.DataPathOptions;
import dev.cirrus.server.fastpath.DataPathStats;
import dev.cirrus.server.http.HttpListener;
import dev.cirrus.server.http.HttpOptions;
import dev.cirrus.server.netty.EventLoops;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * A running Cirrus server: {@link CirrusServices} served over Netty on a TCP port, plaintext or,
 * with {@link ServerConfig#tls()}, TLS only, and the binary data path on {@link #dataPort()}, in
 * TLS exactly when the gRPC port is. {@link #start} returns once the ports are bound;
 * {@link #close} shuts down gracefully within {@link #SHUTDOWN_GRACE} and may be called any number
 * of times.
 */
public final class CirrusServer implements AutoCloseable {
  /** The server's version, e.g. {@code 0.1.0}. */
  public static final String VERSION = readVersion();
  /** How long {@link #close} lets in-flight calls finish before cancelling them. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
  /**
   * How long a new connection may take to finish its TLS handshake: well above any honest
   * client's, and short enough that a crowd of stalled connections is dropped soon.
   */
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(CirrusServer.class.getName());

  private final ServerConfig config;
  private final Server server;
  private final CirrusServices services;
  private final TokenIssuer tokens;
  private final String endpoint;
  /** The data path, or null when it is off. */
  private final DataPathListener dataPath;
  /** The HTTP listener, or null when it is off. */
  private final HttpListener http;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CirrusServer(ServerConfig config, Server server, CirrusServices services,
      SigningKeys keys, DataPathListener dataPath, HttpListener http) {
    this.config = config;
    this.server = server;
    this.services = services;
    this.dataPath = dataPath;
    this.http = http;
    this.endpoint = (config.usesTls() ? "cirrus+tls://" : "cirrus://") + uriHost(config.host())
        + ":" + server.getPort();
    this.tokens = new TokenIssuer(keys.current(), endpoint, config.clock());
  }

  /** Binds and starts a server; it serves when this returns. */
  public static CirrusServer start(ServerConfig config) throws IOException {
    requireNonNull(config, "config");
    SigningKeys keys = SigningKeys.loadOrCreate(config.dataDir(), config.clock());
    Revocations revocations = Revocations.load(config.dataDir(), config.maxRevokedTokens());
    ServerCredentials credentials = credentials(config);
    // Read before anything starts, so unusable files stop the start with nothing to undo.
    boolean needsSslContext = config.effectiveDataPort() != ServerConfig.DATA_PORT_OFF
        || config.httpPort() != ServerConfig.HTTP_PORT_OFF;
    SSLContext sslContext = config.usesTls() && needsSslContext
        ? ServerTlsContext.load(config.tls()) : null;
    CirrusServices services;
    try {
      services = CirrusServices.create(config, keys, revocations);
    } catch (UncheckedIOException e) {
      // The store cannot be reached: the start fails like a port that cannot be bound.
      throw e.getCause();
    }
    Server server;
    try {
      server = services.addTo(
              NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()), credentials)
                  .handshakeTimeout(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                  // Clients keep change streams alive with pings; allow them well below gRPC's
                  // 5-minute default, which would otherwise answer with GOAWAY "too_many_pings".
                  // Momento's SDKs ping every 5 s (keepAliveTimeMs), so the bound sits under that:
                  // at 10 s their connections were dropped and re-made every few pings.
                  .permitKeepAliveTime(4, TimeUnit.SECONDS)
                  .permitKeepAliveWithoutCalls(true)
                  // Find clients that vanished without closing, so their streams are released.
                  .keepAliveTime(60, TimeUnit.SECONDS)
                  .keepAliveTimeout(20, TimeUnit.SECONDS))
          .build();
    } catch (IllegalArgumentException e) {
      // Netty reads the certificate and key here; a file that is not PEM fails with this.
      services.close();
      throw new IOException(tlsProblem(config.tls(), e.getMessage()), e);
    }
    try {
      server.start();
    } catch (IOException e) {
      services.close();
      throw new IOException("cannot listen on " + config.host() + ":" + config.port() + " ("
          + e.getMessage() + "); check that the address is one of this machine's and that no other"
          + " process uses the port, or choose another --host or --port", e);
    }
    DataPathListener dataPath;
    try {
      dataPath = startDataPath(config, services, sslContext);
    } catch (IOException e) {
      server.shutdownNow();
      services.close();
      throw e;
    }
    HttpListener http = null;
    if (config.httpPort() != ServerConfig.HTTP_PORT_OFF) {
      try {
        http = HttpListener.start(config.host(), config.httpPort(), services.httpRoutes(),
            HttpOptions.defaults(sslContext));
      } catch (IOException e) {
        if (dataPath != null) {
          dataPath.close();
        }
        server.shutdownNow();
        services.close();
        throw e;
      }
    }
    services.advertiseDataPort(dataPath == null ? 0 : dataPath.port());
    DataPathListener data = dataPath;
    services.metrics().connections("data", () -> data == null ? 0 : data.stats().openConnections());
    HttpListener door = http;
    services.metrics().connections("http", () -> door == null ? 0 : door.openConnections());
    services.serving();
    CirrusServer started = new CirrusServer(config, server, services, keys, dataPath, http);
    LOG.info(() -> "event=server_started version=" + VERSION + " endpoint=" + started.endpoint
        + " data_port=" + started.dataPort() + (started.dataPortTls() ? " data_port_tls=true" : "")
        + " http_port=" + started.httpPort() + " io=" + EventLoops.transport()
        + " data_dir=" + config.dataDir().toAbsolutePath().normalize()
        + " signing_key=" + keys.current().id() + " revoked_tokens=" + revocations.size());
    return started;
  }

  private static DataPathListener startDataPath(ServerConfig config, CirrusServices services,
      SSLContext tls) throws IOException {
    int port = config.effectiveDataPort();
    if (port == ServerConfig.DATA_PORT_OFF) {
      return null;
    }
    DataPathOptions options = new DataPathOptions(config.limits().maxInboundMessageBytes(),
        config.limits().maxValueBytes(), tls, config.dataIdleTimeout(), config.dataPathLimits());
    try {
      return DataPathListener.start(config.host(), port, services.dataRequests(), options);
    } catch (IOException e) {
      if (config.dataPort() == ServerConfig.DATA_PORT_DEFAULT && port != 0) {
        // Clients learn the port from DescribeServer, so any free one serves them as well.
        LOG.warning(() -> "event=data_port_taken port=" + port + " reason=\"" + e.getMessage()
            + "\" action=\"using a free port; set --data-port to choose one\"");
        return DataPathListener.start(config.host(), 0, services.dataRequests(), options);
      }
      throw new IOException("cannot listen for the data path on " + config.host() + ":" + port
          + " (" + e.getMessage() + "); choose another --data-port, or --data-port off", e);
    }
  }

  private static ServerCredentials credentials(ServerConfig config) throws IOException {
    ServerTls tls = config.tls();
    if (tls == null) {
      return InsecureServerCredentials.create();
    }
    try {
      return TlsServerCredentials.create(
          tls.certificateChain().toFile(), tls.privateKey().toFile());
    } catch (IOException e) {
      throw new IOException(tlsProblem(tls, e.toString()), e);
    }
  }

  static String tlsProblem(ServerTls tls, String detail) {
    if (tls == null) {
      return "cannot build the server: " + detail;
    }
    return "cannot use the TLS certificate " + tls.certificateChain().toAbsolutePath() + " and key "
        + tls.privateKey().toAbsolutePath() + " (" + detail + "); give a PEM certificate chain and"
        + " its unencrypted PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)";
  }

  /** The bound port (the real one when the configured port was 0). */
  public int port() {
    return server.getPort();
  }

  /** The data path's bound port, or 0 when it is off. */
  public int dataPort() {
    return dataPath == null ? 0 : dataPath.port();
  }

  /**
   * The HTTP door's routes: add one to serve it on the HTTP listener (when {@code --http-port} is
   * set), beside {@code /health}.
   */
  public dev.cirrus.server.http.Router httpRoutes() {
    return services.httpRoutes();
  }

  /** The HTTP listener's bound port (health, metrics, console), or 0 when it is off. */
  public int httpPort() {
    return http == null ? 0 : http.port();
  }

  /** Whether the HTTP listener is on and speaks HTTPS (it does exactly when the gRPC port speaks TLS). */
  public boolean httpTls() {
    return http != null && http.tls();
  }

  /** Whether the data path is on and speaks TLS (it does exactly when the gRPC port does). */
  public boolean dataPortTls() {
    return dataPath != null && dataPath.tls();
  }

  /** What the data path has done so far; all zero when it is off. */
  public DataPathStats dataPathStats() {
    return dataPath == null ? DataPathStats.none() : dataPath.stats();
  }

  public String host() {
    return config.host();
  }

  /** {@code cirrus://host:port}, or {@code cirrus+tls://host:port} with TLS, as clients and tokens name this server. */
  public String endpoint() {
    return endpoint;
  }

  /** Issues tokens signed by this server's current key. */
  public TokenIssuer tokens() {
    return tokens;
  }

  public ServerConfig config() {
    return config;
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops accepting calls, ends change streams with UNAVAILABLE, lets in-flight calls finish for up
   * to {@link #SHUTDOWN_GRACE}, then cancels the rest. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (dataPath != null) {
      dataPath.close();
    }
    if (http != null) {
      http.close();
    }
    server.shutdown();
    services.stopServing();
    boolean interrupted = false;
    try {
      if (!server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      interrupted = true;
    }
    services.close();
    LOG.info(() -> "event=server_stopped endpoint=" + endpoint);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static String uriHost(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String readVersion() {
    try (InputStream in = CirrusServer.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the server version resource", e);
    }
  }
}
