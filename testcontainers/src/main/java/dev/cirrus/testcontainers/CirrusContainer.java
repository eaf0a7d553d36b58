package dev.cirrus.testcontainers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Cirrus server in a container. In a test:
 *
 * <pre>{@code
 * @Container static CirrusContainer cirrus = new CirrusContainer();
 * CacheManager manager = Caching.getCachingProvider().getCacheManager(
 *     cirrus.getCacheManagerUri(), getClass().getClassLoader(), cirrus.cacheManagerProperties());
 * }</pre>
 *
 * <p>The server runs in development mode with its data dir inside the container, so it makes a
 * signing key and a development token (account {@code dev}, every permission) when it starts;
 * {@link #getToken()} reads it, and {@link #tokenFor(String)} issues one for another account
 * with the same key, so tests can keep their caches apart.
 */
public class CirrusContainer extends GenericContainer<CirrusContainer> {

  /** The image the server's {@code -Pimage} build makes ({@code jib:buildTar} / {@code jib:dockerBuild}). */
  public static final DockerImageName DEFAULT_IMAGE =
      DockerImageName.parse("cirrus/cirrus-server:0.1.0-SNAPSHOT");

  public static final int GRPC_PORT = 7070;
  public static final int DATA_PORT = 7071;
  public static final int HTTP_PORT = 8080;

  /** Where the image keeps its data dir (a volume). */
  static final String DATA_DIR = "/var/lib/cirrus";

  private String token;

  public CirrusContainer() {
    this(DEFAULT_IMAGE);
  }

  public CirrusContainer(DockerImageName image) {
    super(image);
    withExposedPorts(GRPC_PORT, DATA_PORT, HTTP_PORT);
    // Off loopback the server starts in production mode and makes no token: a test wants one.
    withEnv("CIRRUS_DEV_MODE", "true");
    waitingFor(Wait.forHttp("/health").forPort(HTTP_PORT)
        .withStartupTimeout(Duration.ofSeconds(60)));
  }

  /**
   * {@code cirrus://HOST:PORT} of the mapped gRPC port. The provider learns the data path's port
   * from the server, which knows only its own side of the mapping, so connect with
   * {@link #cacheManagerProperties()} (gRPC for every call).
   */
  public URI getCacheManagerUri() {
    return URI.create("cirrus://" + getHost() + ":" + getMappedPort(GRPC_PORT));
  }

  /** The development token for account {@code dev}, written by the server when it started. */
  public synchronized String getToken() {
    if (token == null) {
      token = exec("cat", DATA_DIR + "/dev-token");
    }
    return token;
  }

  /** A new token for {@code account}, every permission, signed with the server's key. */
  public String tokenFor(String account) {
    return exec("java", "-cp", "@/app/jib-classpath-file", "dev.cirrus.server.cli.Main",
        "token", "--account", account, "--data-dir", DATA_DIR);
  }

  /** Provider properties for this container: the token, and gRPC for data calls (see above). */
  public java.util.Properties cacheManagerProperties() {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("cirrus.token", getToken());
    properties.setProperty("cirrus.data-path", "grpc");
    return properties;
  }

  private String exec(String... command) {
    try {
      ExecResult result = execInContainer(StandardCharsets.UTF_8, command);
      if (result.getExitCode() != 0) {
        throw new IllegalStateException("`" + String.join(" ", command) + "` in the Cirrus"
            + " container failed with exit code " + result.getExitCode() + ": "
            + result.getStderr().strip());
      }
      return result.getStdout().strip();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot run a command in the Cirrus container: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running a command in the Cirrus container", e);
    }
  }
}
