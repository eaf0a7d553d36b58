package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the wire client needs, resolved once per CacheManager.
 *
 * @param endpoint the server
 * @param token the bearer token, or null when none was configured (the server will refuse calls)
 * @param callTimeout the deadline of every unary call
 * @param connectTimeout how long establishing the connection may take
 * @param clientId the id this client sends so it can recognise its own writes in change events
 * @param trustCertificate a PEM file of certificates to trust for TLS, or null for the JDK defaults
 * @param dataPath {@code cirrus.data-path}: whether data calls may use the binary data path
 */
public record ClientSettings(
    Endpoint endpoint,
    String token,
    Duration callTimeout,
    Duration connectTimeout,
    String clientId,
    Path trustCertificate,
    DataPathMode dataPath) {

  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  public ClientSettings {
    Objects.requireNonNull(endpoint, "endpoint");
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
  }

  /** Settings with the default data path choice, {@link DataPathMode#AUTO}. */
  public ClientSettings(Endpoint endpoint, String token, Duration callTimeout,
      Duration connectTimeout, String clientId, Path trustCertificate) {
    this(endpoint, token, callTimeout, connectTimeout, clientId, trustCertificate,
        DataPathMode.AUTO);
  }

  @Override
  public String toString() {
    // never print the token
    return "ClientSettings[endpoint=" + endpoint + ", callTimeout=" + callTimeout
        + ", connectTimeout=" + connectTimeout + ", clientId=" + clientId + ", dataPath="
        + dataPath + "]";
  }
}
