package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the wire client needs, resolved once per CacheManager.
 *
 * @param endpoints the nodes, one or more, all with one scheme (plaintext or TLS)
 * @param token the bearer token, or null when none was configured (the server will refuse calls)
 * @param callTimeout the deadline of every unary call
 * @param connectTimeout how long establishing the connection may take
 * @param clientId the id this client sends so it can recognise its own writes in change events
 * @param trustCertificate a PEM file of certificates to trust for TLS, or null for the JDK defaults
 * @param dataPath {@code cirrus.data-path}: whether data calls may use the binary data path
 * @param dataConnections {@code cirrus.data-connections}: the most data path connections open to
 *     one node at once, beyond which calls share them; 0 for the default, twice the processors
 */
public record ClientSettings(
    List<Endpoint> endpoints,
    String token,
    Duration callTimeout,
    Duration connectTimeout,
    String clientId,
    Path trustCertificate,
    DataPathMode dataPath,
    int dataConnections) {

  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** The most {@code cirrus.data-connections} accepted. */
  public static final int MAX_DATA_CONNECTIONS = 1024;

  public ClientSettings {
    List<Endpoint> nodes = List.copyOf(endpoints);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one endpoint");
    }
    if (nodes.stream().anyMatch(e -> e.tls() != nodes.get(0).tls())) {
      throw new IllegalArgumentException("all nodes speak TLS or none does: " + nodes);
    }
    endpoints = nodes;
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(dataPath, "dataPath");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("call timeout must be positive, was " + callTimeout);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, was " + connectTimeout);
    }
    if (dataConnections < 0 || dataConnections > MAX_DATA_CONNECTIONS) {
      throw new IllegalArgumentException(
          "data connections must be from 1 to " + MAX_DATA_CONNECTIONS + " (or 0 for the default),"
              + " was " + dataConnections);
    }
  }

  /** Settings with the default bound on data path connections. */
  public ClientSettings(List<Endpoint> endpoints, String token, Duration callTimeout,
      Duration connectTimeout, String clientId, Path trustCertificate, DataPathMode dataPath) {
    this(endpoints, token, callTimeout, connectTimeout, clientId, trustCertificate, dataPath, 0);
  }

  /** Settings for one server. */
  public ClientSettings(Endpoint endpoint, String token, Duration callTimeout,
      Duration connectTimeout, String clientId, Path trustCertificate, DataPathMode dataPath) {
    this(List.of(endpoint), token, callTimeout, connectTimeout, clientId, trustCertificate,
        dataPath, 0);
  }

  /** Settings for one server with the default data path choice, {@link DataPathMode#AUTO}. */
  public ClientSettings(Endpoint endpoint, String token, Duration callTimeout,
      Duration connectTimeout, String clientId, Path trustCertificate) {
    this(endpoint, token, callTimeout, connectTimeout, clientId, trustCertificate,
        DataPathMode.AUTO);
  }

  /** Whether the nodes speak TLS ({@code cirrus+tls://}). */
  public boolean tls() {
    return endpoints.get(0).tls();
  }

  @Override
  public String toString() {
    // never print the token
    return "ClientSettings[endpoints=" + Endpoint.toString(endpoints) + ", callTimeout=" + callTimeout
        + ", connectTimeout=" + connectTimeout + ", clientId=" + clientId + ", dataPath="
        + dataPath + ", dataConnections=" + dataConnections + "]";
  }
}
