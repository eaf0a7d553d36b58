package dev.cirrus.spring.boot;

import dev.cirrus.jcache.config.ExpiryKind;
import dev.cirrus.spring.CirrusCacheManagerBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code cirrus.*} properties of a Spring Boot application. They carry the provider's config
 * file keys of the same names; an unset property falls back to the provider's lookup order
 * ({@code CIRRUS_URI}, {@code CIRRUS_AUTH_TOKEN}, the endpoint carried in the token). Caches to
 * create come from {@code spring.cache.cache-names}.
 *
 * <p>An unknown {@code cirrus.*} key in the application's configuration fails the start, as an
 * unknown key in the provider's config file does: a misspelt setting must not be ignored quietly.
 * Environment variables and system properties are not checked (Boot leaves them out of that
 * check), so {@code CIRRUS_AUTH_TOKEN} is no unknown key.
 */
@ConfigurationProperties(prefix = "cirrus", ignoreUnknownFields = false)
public class CirrusProperties {

  /** The server, cirrus://host:port or cirrus+tls://host:port. */
  private URI uri;

  /** The token. */
  private String token;

  /** A file holding the token, read when the CacheManager opens. */
  private Path tokenFile;

  /** Deadline of every call to the server (provider default 5s). */
  private Duration callTimeout;

  /** How long opening the connection may take (provider default 3s). */
  private Duration connectTimeout;

  private final Tls tls = new Tls();

  private final Serialization serialization = new Serialization();

  /** Named {@code defaults} only because {@code default} is a Java keyword; bound as cirrus.default. */
  private final CacheSettings defaults = new CacheSettings();

  /** Settings of single caches, by cache name; a name with dots is written cirrus.cache[a.b].… */
  private final Map<String, CacheSettings> cache = new LinkedHashMap<>();

  /** Hands every property that is set to the builder under its provider key. */
  void applyTo(CirrusCacheManagerBuilder builder) {
    if (uri != null) {
      builder.uri(uri);
    }
    if (token != null && !token.isBlank()) {
      builder.token(token);
    }
    if (tokenFile != null) {
      builder.tokenFile(tokenFile);
    }
    if (callTimeout != null) {
      builder.callTimeout(callTimeout);
    }
    if (connectTimeout != null) {
      builder.connectTimeout(connectTimeout);
    }
    if (tls.trustCert != null) {
      builder.property("cirrus.tls.trust-cert", tls.trustCert.toString());
    }
    if (serialization.filter != null) {
      builder.property("cirrus.serialization.filter", serialization.filter);
    }
    if (!serialization.allow.isEmpty()) {
      builder.allowDeserializationOf(serialization.allow.toArray(String[]::new));
    }
    defaults.applyTo("cirrus.default.", builder);
    cache.forEach((name, settings) -> settings.applyTo("cirrus.cache." + name + ".", builder));
  }

  public URI getUri() {
    return uri;
  }

  public void setUri(URI uri) {
    this.uri = uri;
  }

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  public Path getTokenFile() {
    return tokenFile;
  }

  public void setTokenFile(Path tokenFile) {
    this.tokenFile = tokenFile;
  }

  public Duration getCallTimeout() {
    return callTimeout;
  }

  public void setCallTimeout(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Tls getTls() {
    return tls;
  }

  public Serialization getSerialization() {
    return serialization;
  }

  /** Settings for every cache ({@code cirrus.default.*}). */
  public CacheSettings getDefault() {
    return defaults;
  }

  public Map<String, CacheSettings> getCache() {
    return cache;
  }

  /** {@code cirrus.tls.*}. */
  public static class Tls {

    /** A PEM file of certificates to trust for cirrus+tls:// (default: the JDK's trust store). */
    private Path trustCert;

    public Path getTrustCert() {
      return trustCert;
    }

    public void setTrustCert(Path trustCert) {
      this.trustCert = trustCert;
    }
  }

  /** {@code cirrus.serialization.*}. */
  public static class Serialization {

    /**
     * Classes decoded besides the JDK's, the application's packages and those this instance wrote:
     * com.acme.Order, com.acme.* or com.acme.** .
     */
    private List<String> allow = new ArrayList<>();

    /** A JEP 290 filter replacing the allow-list, e.g. com.example.**;java.base/*;!* . */
    private String filter;

    public List<String> getAllow() {
      return allow;
    }

    public void setAllow(List<String> allow) {
      this.allow = allow;
    }

    public String getFilter() {
      return filter;
    }

    public void setFilter(String filter) {
      this.filter = filter;
    }
  }

  /** The settings of one cache, or of every cache. Unset fields leave the provider's default. */
  public static class CacheSettings {

    private final Expiry expiry = new Expiry();

    /** Whether the cache keeps JCache statistics (and Micrometer meters report them). */
    private Boolean statistics;

    /** Whether the cache's configuration MXBean is registered. */
    private Boolean management;

    void applyTo(String prefix, CirrusCacheManagerBuilder builder) {
      if (expiry.ttl != null) {
        builder.property(prefix + "expiry.ttl", expiry.ttl);
      }
      if (expiry.policy != null) {
        builder.property(prefix + "expiry.policy", expiry.policy.name().toLowerCase(Locale.ROOT));
      }
      if (statistics != null) {
        builder.property(prefix + "statistics", statistics.toString());
      }
      if (management != null) {
        builder.property(prefix + "management", management.toString());
      }
    }

    public Expiry getExpiry() {
      return expiry;
    }

    public Boolean getStatistics() {
      return statistics;
    }

    public void setStatistics(Boolean statistics) {
      this.statistics = statistics;
    }

    public Boolean getManagement() {
      return management;
    }

    public void setManagement(Boolean management) {
      this.management = management;
    }
  }

  /** {@code expiry.*} of a cache. */
  public static class Expiry {

    /** How long an entry lives; an expiry policy set in code wins. */
    private Duration ttl;

    /** What the time to live counts from: created (default), accessed, modified or touched. */
    private ExpiryKind policy;

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public ExpiryKind getPolicy() {
      return policy;
    }

    public void setPolicy(ExpiryKind policy) {
      this.policy = policy;
    }
  }
}
