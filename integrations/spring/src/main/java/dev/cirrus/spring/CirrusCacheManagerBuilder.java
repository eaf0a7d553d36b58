package dev.cirrus.spring;

import dev.cirrus.jcache.CirrusCachingProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * Opens a Cirrus {@link CacheManager} from typed settings, for a Spring {@code @Bean}:
 *
 * <pre>{@code
 * @Bean
 * javax.cache.CacheManager cirrus() {
 *   return CirrusCacheManagerBuilder.create()
 *       .uri(URI.create("cirrus://cache.internal:7070"))
 *       .tokenFile(Path.of("/etc/cirrus/token"))
 *       .caches(List.of("books"))
 *       .build();
 * }
 * }</pre>
 *
 * <p>Every setting becomes the CacheManager property of the same name (see the provider's config
 * file keys); settings not given here fall back to the provider's lookup order (system properties,
 * {@code CIRRUS_URI}, {@code CIRRUS_AUTH_TOKEN}, the endpoint carried in the token).
 *
 * <p>Each {@link #build()} uses a provider instance of its own rather than the JVM-wide
 * {@code Caching} registry, which hands every caller with the same URI and class loader the same
 * CacheManager: two application contexts in one JVM (tests, a parent and a child context) would
 * otherwise share one, and the first context to close would close it under the other. Closing the
 * returned CacheManager (Spring does, as {@code close} is its inferred destroy method) releases
 * everything.
 *
 * <p>Not thread-safe; build once.
 */
public final class CirrusCacheManagerBuilder {

  /**
   * The CacheManager URI when no server is given. Not a server URI, so the provider resolves the
   * endpoint through its full lookup order, which ends with the endpoint carried in the token:
   * passing its default URI instead would pin {@code cirrus://localhost:7070} whenever the token
   * came as a property rather than from the environment.
   */
  public static final URI UNNAMED = URI.create("urn:cirrus:spring");

  private static final String PREFIX = "cirrus.";
  private static final String ALLOW = "cirrus.serialization.allow";

  private URI uri;
  private final Properties properties = new Properties();
  private final List<String> caches = new ArrayList<>();
  private ClassLoader classLoader;

  private CirrusCacheManagerBuilder() {}

  public static CirrusCacheManagerBuilder create() {
    return new CirrusCacheManagerBuilder();
  }

  /** The server, {@code cirrus://host:port} or {@code cirrus+tls://host:port}. */
  public CirrusCacheManagerBuilder uri(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (uri.getHost() == null
        || !("cirrus".equalsIgnoreCase(scheme) || "cirrus+tls".equalsIgnoreCase(scheme))) {
      throw new IllegalArgumentException(
          "uri '" + uri + "' is not a Cirrus server; use cirrus://host:port or cirrus+tls://host:port");
    }
    this.uri = uri;
    return this;
  }

  /** The token ({@code cirrus.token}). */
  public CirrusCacheManagerBuilder token(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token is blank; leave it unset to use CIRRUS_AUTH_TOKEN");
    }
    return property("cirrus.token", token.trim());
  }

  /** A file holding the token ({@code cirrus.token-file}), read when the CacheManager opens. */
  public CirrusCacheManagerBuilder tokenFile(Path file) {
    Objects.requireNonNull(file, "tokenFile");
    return property("cirrus.token-file", file.toString());
  }

  /** The deadline of every call to the server ({@code cirrus.call-timeout}). */
  public CirrusCacheManagerBuilder callTimeout(Duration timeout) {
    return property("cirrus.call-timeout", timeout);
  }

  /** How long opening the connection may take ({@code cirrus.connect-timeout}). */
  public CirrusCacheManagerBuilder connectTimeout(Duration timeout) {
    return property("cirrus.connect-timeout", timeout);
  }

  /**
   * Caches to create, if absent, when the CacheManager opens ({@code cirrus.caches}); their
   * settings come from {@code cirrus.default.*} and {@code cirrus.cache.<name>.*}.
   */
  public CirrusCacheManagerBuilder caches(Collection<String> names) {
    Objects.requireNonNull(names, "names");
    for (String name : names) {
      if (name == null || name.isBlank() || name.contains(",")) {
        throw new IllegalArgumentException("cache name '" + name + "' is blank or contains a comma");
      }
      caches.add(name.trim());
    }
    return this;
  }

  /**
   * Any other provider key, e.g. {@code cirrus.default.statistics} or
   * {@code cirrus.serialization.filter}; the provider rejects unknown keys when it opens.
   */
  public CirrusCacheManagerBuilder property(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!key.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "property '" + key + "' is not a Cirrus key; Cirrus keys start with '" + PREFIX + "'");
    }
    properties.setProperty(key, value);
    return this;
  }

  /**
   * A duration-valued provider key, e.g. {@code cirrus.default.expiry.ttl}; written in the
   * provider's notation, in milliseconds so that nothing is rounded.
   */
  public CirrusCacheManagerBuilder property(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.toMillis() < 1) {
      throw new IllegalArgumentException(key + " must be at least 1ms, was " + value);
    }
    return property(key, value.toMillis() + "ms");
  }

  /**
   * Class patterns ({@code com.acme.Order}, {@code com.acme.*}, {@code com.acme.**}) whose values
   * this CacheManager decodes although it never wrote them itself: the application's classes that
   * its other instances cache ({@code cirrus.serialization.allow}). The JDK's classes and the ones
   * this instance writes need no naming.
   */
  public CirrusCacheManagerBuilder allowDeserializationOf(String... classPatterns) {
    List<String> patterns = new ArrayList<>();
    String current = properties.getProperty(ALLOW);
    if (current != null) {
      patterns.add(current);
    }
    for (String pattern : classPatterns) {
      if (pattern == null || pattern.isBlank() || pattern.contains(",")) {
        throw new IllegalArgumentException("class pattern '" + pattern + "' is blank or contains a"
            + " comma; give one pattern per argument, like com.acme.Order or com.acme.**");
      }
      patterns.add(pattern.trim());
    }
    properties.setProperty(ALLOW, String.join(",", patterns));
    return this;
  }

  /** Resolves cached classes; by default the class loader that loaded the provider. */
  public CirrusCacheManagerBuilder classLoader(ClassLoader classLoader) {
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    return this;
  }

  /**
   * Opens the CacheManager. Opening makes no call to the server unless caches are to be created;
   * a bad setting fails here with a message naming it.
   */
  public CacheManager build() {
    Properties props = new Properties();
    props.putAll(properties);
    if (!caches.isEmpty()) {
      props.setProperty("cirrus.caches", String.join(",", caches));
    }
    CirrusCachingProvider provider = new CirrusCachingProvider();
    ClassLoader loader = classLoader != null ? classLoader : provider.getDefaultClassLoader();
    return provider.getCacheManager(uri != null ? uri : UNNAMED, loader, props);
  }
}
