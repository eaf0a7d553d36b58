package dev.cirrus.cli.connect;

import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.config.ConfigResolver;
import dev.cirrus.jcache.internal.config.Environment;
import dev.cirrus.jcache.internal.config.ProviderConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import javax.cache.CacheException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the server is and which token to show it. Resolved by the provider's own
 * {@link ConfigResolver}, so the CLI finds them exactly as an application does: a flag, else
 * {@code cirrus.uri}/{@code cirrus.token} system properties, else {@code CIRRUS_URI} /
 * {@code CIRRUS_AUTH_TOKEN}, else the endpoint carried in the token, else
 * {@code cirrus://localhost:7070}.
 *
 * <p>The options are inherited by every subcommand, so they may stand before or after it.
 */
public final class ConnectionOptions {

  /** What the resolver is handed when no --uri is given: a name, so the lookup order applies. */
  private static final URI UNNAMED = URI.create("cirrus-cli:default");

  @Option(names = "--uri", paramLabel = "URI", scope = ScopeType.INHERIT,
      description = "The server: cirrus://HOST:PORT or cirrus+tls://HOST:PORT (also a config file,"
          + " file:PATH). Default: $CIRRUS_URI, else the endpoint in the token, else"
          + " cirrus://localhost:7070.")
  private String uri;

  @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
      description = "The token to authenticate with. Default: $CIRRUS_AUTH_TOKEN.")
  private String token;

  @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Read the token from FILE (e.g. the server's .cirrus/dev-token).")
  private Path tokenFile;

  @Option(names = "--timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
      description = "Deadline of each call, e.g. 500ms, 5s (default 5s).")
  private String timeout;

  @Option(names = "--trust-cert", paramLabel = "PEM", scope = ScopeType.INHERIT,
      description = "Certificates to trust for cirrus+tls:// (default: the JVM's trust store).")
  private Path trustCert;

  /**
   * The resolved configuration. Fails with {@link ExitCode#USAGE} on a bad value (an endpoint
   * that is not one, a bad duration), naming it.
   */
  public ProviderConfig resolve() {
    Properties properties = new Properties();
    if (token != null) {
      properties.setProperty(ConfigResolver.TOKEN_KEY, token);
    }
    if (tokenFile != null) {
      properties.setProperty("cirrus.token-file", tokenFile.toString());
    }
    if (timeout != null) {
      properties.setProperty("cirrus.call-timeout", timeout);
    }
    if (trustCert != null) {
      properties.setProperty("cirrus.tls.trust-cert", trustCert.toString());
    }
    URI target = uri == null ? UNNAMED : target(uri);
    try {
      return new ConfigResolver(Environment.system())
          .resolve(target, properties, ConnectionOptions.class.getClassLoader());
    } catch (CacheException e) {
      throw Failures.of(e);
    }
  }

  private static URI target(String text) {
    try {
      URI parsed = URI.create(text.trim());
      if (Endpoint.isServerUri(parsed)) {
        Endpoint.parse(parsed);
      } else if (parsed.getScheme() == null) {
        throw new IllegalArgumentException("no scheme");
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, "--uri '" + text + "' is not a Cirrus server; use"
          + " cirrus://HOST:PORT or cirrus+tls://HOST:PORT (or file:PATH of a config file)");
    }
  }

  /** Connects with the resolved endpoint and token; fails with {@link ExitCode#AUTH} without one. */
  public CirrusClient connect() {
    ProviderConfig config = resolve();
    if (config.token() == null) {
      throw new CliException(ExitCode.AUTH, "No token: pass --token TOKEN or --token-file FILE, or"
          + " set CIRRUS_AUTH_TOKEN. A server started on this machine in development mode wrote"
          + " one to .cirrus/dev-token; otherwise ask for one made by `cirrus-server.jar token"
          + " --account NAME`");
    }
    try {
      return CirrusClient.connect(config.clientSettings("cirrus-cli-" + UUID.randomUUID()));
    } catch (CacheException e) {
      throw Failures.of(e);
    }
  }

  /** The token as found (flag, file, environment), or null. */
  public String token() {
    return resolve().token();
  }
}
