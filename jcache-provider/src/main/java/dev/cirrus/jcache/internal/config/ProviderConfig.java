package dev.cirrus.jcache.internal.config;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cirrus.jcache.config.ConnectionSettings;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.internal.client.ClientSettings;
import dev.cirrus.jcache.internal.client.DataPathMode;
import dev.cirrus.jcache.internal.codec.OnUndecodable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one CacheManager was configured with, resolved from its URI, its properties, the
 * config file the URI may name, system properties and the environment.
 *
 * @param endpoints the nodes, in the order configured (one or more, one scheme)
 * @param token the bearer token, or null when none was found
 * @param callTimeout {@code cirrus.call-timeout}: deadline of every call (default 5s)
 * @param connectTimeout {@code cirrus.connect-timeout} (default 3s)
 * @param cachesToCreate {@code cirrus.caches}: created, if absent, when the CacheManager starts
 * @param defaults {@code cirrus.default.*}
 * @param perCache {@code cirrus.cache.<name>.*}
 * @param codecClass {@code cirrus.codec}, or null for the default codec
 * @param serializationFilter {@code cirrus.serialization.filter}: a JEP 290 pattern replacing the
 *     allow-list, or null for the allow-list
 * @param serializationAllow {@code cirrus.serialization.allow}: class patterns added to the
 *     allow-list
 * @param onUndecodable {@code cirrus.codec.on-undecodable}: what a read does with a value that
 *     cannot be decoded ({@code miss} by default)
 * @param trustCertificate {@code cirrus.tls.trust-cert}, or null for the JDK's trust store
 * @param dataPath {@code cirrus.data-path}: {@code auto} (default) uses the server's binary data
 *     path for data calls when it offers one, {@code grpc} always uses gRPC
 * @param dataConnections {@code cirrus.data-connections}: the most data path connections open to
 *     one node at once (0: the default, twice the processors)
 * @param ticker where the caches read the time their behaviour depends on (near-cache deadlines
 *     and staleness, statistics' timings): the system's, unless a test hands in its own
 */
public record ProviderConfig(
    List<Endpoint> endpoints,
    String token,
    Duration callTimeout,
    Duration connectTimeout,
    List<String> cachesToCreate,
    CacheSettings defaults,
    Map<String, CacheSettings> perCache,
    String codecClass,
    String serializationFilter,
    List<String> serializationAllow,
    OnUndecodable onUndecodable,
    Path trustCertificate,
    DataPathMode dataPath,
    int dataConnections,
    Ticker ticker) implements ConnectionSettings {

  public ProviderConfig {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("a configuration needs at least one endpoint");
    }
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    cachesToCreate = List.copyOf(cachesToCreate);
    Objects.requireNonNull(defaults, "defaults");
    perCache = Map.copyOf(perCache);
    serializationAllow = List.copyOf(serializationAllow);
    Objects.requireNonNull(onUndecodable, "onUndecodable");
    Objects.requireNonNull(dataPath, "dataPath");
    Objects.requireNonNull(ticker, "ticker");
  }

  /** This configuration with the caches reading the time from {@code ticker}. */
  public ProviderConfig withTicker(Ticker ticker) {
    return new ProviderConfig(endpoints, token, callTimeout, connectTimeout, cachesToCreate,
        defaults, perCache, codecClass, serializationFilter, serializationAllow, onUndecodable,
        trustCertificate, dataPath, dataConnections, ticker);
  }

  /** The settings for one cache: the defaults with that cache's own settings on top. */
  public CacheSettings settingsFor(String cacheName) {
    return defaults.with(perCache.getOrDefault(cacheName, CacheSettings.NONE));
  }

  public ClientSettings clientSettings(String clientId) {
    return new ClientSettings(
        endpoints, token, callTimeout, connectTimeout, clientId, trustCertificate, dataPath,
        dataConnections);
  }

  @Override
  public String toString() {
    return "ProviderConfig[endpoints=" + Endpoint.toString(endpoints) + ", token=" + (token == null ? "none" : "set")
        + ", callTimeout=" + callTimeout + ", caches=" + cachesToCreate + "]";
  }
}
