package dev.cirrus.jcache.internal.config;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.internal.client.ClientSettings;
import dev.cirrus.jcache.internal.client.DataPathMode;
import dev.cirrus.jcache.internal.codec.DeserializationFilter;
import dev.cirrus.jcache.internal.codec.OnUndecodable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a CacheManager URI and its properties into a {@link ProviderConfig}.
 *
 * <p>The URI is either a server ({@code cirrus://host:port}, {@code cirrus+tls://host:port}), a config
 * resource ({@code classpath:cirrus.properties}, {@code file:/etc/cirrus.properties}, or any
 * {@code jar:}/{@code http:} URL), or an opaque name (JCache lets applications name CacheManagers
 * freely), which uses the default endpoint. Lookup orders: token from the CacheManager property
 * {@code cirrus.token} (or the config file), else system property {@code cirrus.token}, else env
 * {@code CIRRUS_AUTH_TOKEN}; endpoint from the URI (or the config file), else system property
 * {@code cirrus.uri}, else env {@code CIRRUS_URI}, else the token's endpoint, else
 * {@code cirrus://localhost:7070}.
 */
public final class ConfigResolver {

  public static final String URI_KEY = "cirrus.uri";
  public static final String TOKEN_KEY = "cirrus.token";
  public static final String TOKEN_ENV = "CIRRUS_AUTH_TOKEN";
  public static final String URI_ENV = "CIRRUS_URI";

  private static final String DEFAULT_PREFIX = "cirrus.default.";
  private static final String CACHE_PREFIX = "cirrus.cache.";
  private static final Set<String> TOP_LEVEL_KEYS = Set.of(
      URI_KEY, TOKEN_KEY, "cirrus.token-file", "cirrus.caches", "cirrus.call-timeout",
      "cirrus.connect-timeout", "cirrus.codec", "cirrus.serialization.filter",
      "cirrus.serialization.allow", "cirrus.codec.on-undecodable",
      "cirrus.tls.trust-cert", "cirrus.data-path", "cirrus.data-connections");

  private final Environment environment;

  public ConfigResolver(Environment environment) {
    this.environment = environment;
  }

  /** The URI of the default CacheManager. */
  public URI defaultUri() {
    String uri = environment.property(URI_KEY);
    if (uri == null) {
      uri = environment.variable(URI_ENV);
    }
    if (uri == null) {
      String token = environmentToken();
      uri = token == null ? null : TokenEndpoint.of(token);
    }
    return URI.create(uri == null ? "cirrus://localhost:" + Endpoint.DEFAULT_PORT : uri);
  }

  public ProviderConfig resolve(URI uri, Properties managerProperties, ClassLoader loader) {
    Map<String, String> keys = new HashMap<>();
    if (isResource(uri)) {
      keys.putAll(load(uri, loader));
    }
    // CacheManager properties come from the application's code and win over the file; keys outside
    // the cirrus. namespace belong to other libraries (Hibernate and Spring pass their own).
    for (String name : managerProperties.stringPropertyNames()) {
      if (name.startsWith("cirrus.")) {
        keys.put(name, managerProperties.getProperty(name));
      }
    }
    return build(uri, keys);
  }

  static boolean isResource(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return false;
    }
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "classpath":
      case "file":
      case "jar":
      case "http":
      case "https":
        return true;
      default:
        return false;
    }
  }

  private static Map<String, String> load(URI uri, ClassLoader loader) {
    Properties file = new Properties();
    try (InputStream in = open(uri, loader)) {
      file.load(in);
    } catch (IOException e) {
      throw new ConfigException("Cannot read the Cirrus config file " + uri + ": " + e.getMessage()
          + "; check that the resource exists and is readable", e);
    }
    Map<String, String> keys = new HashMap<>();
    for (String name : file.stringPropertyNames()) {
      keys.put(name, file.getProperty(name));
    }
    return keys;
  }

  private static InputStream open(URI uri, ClassLoader loader) throws IOException {
    if (uri.getScheme().equalsIgnoreCase("classpath")) {
      String path = uri.getSchemeSpecificPart();
      while (path.startsWith("/")) {
        path = path.substring(1);
      }
      URL url = loader.getResource(path);
      if (url == null) {
        throw new NoSuchFileException("no resource '" + path + "' on the class path");
      }
      return url.openStream();
    }
    return uri.toURL().openStream();
  }

  private ProviderConfig build(URI uri, Map<String, String> keys) {
    rejectUnknown(keys);
    String token = keys.get(TOKEN_KEY);
    if (token == null && keys.containsKey("cirrus.token-file")) {
      token = readTokenFile(keys.get("cirrus.token-file"));
    }
    if (token == null) {
      token = environmentToken();
    }
    List<Endpoint> endpoints = endpoints(uri, keys.get(URI_KEY), token);

    CacheSettings defaults = CacheSettings.NONE;
    Map<String, CacheSettings> perCache = new HashMap<>();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(DEFAULT_PREFIX)) {
        defaults = defaults.withSetting(key, key.substring(DEFAULT_PREFIX.length()), e.getValue());
      } else if (key.startsWith(CACHE_PREFIX)) {
        String rest = key.substring(CACHE_PREFIX.length());
        String setting = settingSuffix(key, rest);
        String cache = rest.substring(0, rest.length() - setting.length() - 1);
        perCache.put(cache, perCache.getOrDefault(cache, CacheSettings.NONE)
            .withSetting(key, setting, e.getValue()));
      }
    }
    String filter = keys.get("cirrus.serialization.filter");
    List<String> allow = commaSeparated(keys.get("cirrus.serialization.allow"));
    try {
      if (filter != null) {
        if (!allow.isEmpty()) {
          throw new ConfigException("Set either cirrus.serialization.allow or"
              + " cirrus.serialization.filter, not both: a filter of your own replaces the"
              + " allow-list, so add the classes to its pattern instead");
        }
        DeserializationFilter.ofPattern(filter);
      } else {
        DeserializationFilter.allowList(allow);
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    String trust = keys.get("cirrus.tls.trust-cert");
    return new ProviderConfig(
        endpoints,
        token,
        duration(keys, "cirrus.call-timeout", ClientSettings.DEFAULT_CALL_TIMEOUT),
        duration(keys, "cirrus.connect-timeout", ClientSettings.DEFAULT_CONNECT_TIMEOUT),
        commaSeparated(keys.get("cirrus.caches")),
        defaults,
        perCache,
        keys.get("cirrus.codec"),
        filter,
        allow,
        onUndecodable(keys.get("cirrus.codec.on-undecodable")),
        trust == null ? null : Path.of(trust),
        dataPath(keys.get("cirrus.data-path")),
        dataConnections(keys.get("cirrus.data-connections")),
        Ticker.systemTicker());
  }

  private static OnUndecodable onUndecodable(String value) {
    if (value == null) {
      return OnUndecodable.MISS;
    }
    OnUndecodable policy = OnUndecodable.parse(value);
    if (policy == null) {
      throw new ConfigException("cirrus.codec.on-undecodable", value, "miss (a value that cannot"
          + " be decoded is read as absent, the default) or fail");
    }
    return policy;
  }

  private static int dataConnections(String value) {
    if (value == null) {
      return 0;
    }
    try {
      int connections = Integer.parseInt(value.trim());
      if (connections >= 1 && connections <= ClientSettings.MAX_DATA_CONNECTIONS) {
        return connections;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ConfigException("cirrus.data-connections", value, "a whole number from 1 to "
        + ClientSettings.MAX_DATA_CONNECTIONS + ": the most data path connections open to one node at once,"
        + " beyond which calls share them (default: twice the processors)");
  }

  private static DataPathMode dataPath(String value) {
    if (value == null) {
      return DataPathMode.AUTO;
    }
    try {
      return DataPathMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("cirrus.data-path", value,
          "auto (the server's binary data path when it offers one) or grpc");
    }
  }

  private List<Endpoint> endpoints(URI uri, String configured, String token) {
    if (Endpoint.isServerUri(uri)) {
      try {
        return Endpoint.parseList(uri.toString());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Bad CacheManager URI: " + e.getMessage(), e);
      }
    }
    String key = URI_KEY;
    String text = configured;
    if (text == null) {
      text = environment.property(URI_KEY);
    }
    if (text == null) {
      key = URI_ENV;
      text = environment.variable(URI_ENV);
    }
    if (text == null && token != null) {
      key = "the token's " + "cirrus_endpoint claim";
      text = TokenEndpoint.of(token);
    }
    if (text == null) {
      return List.of(new Endpoint("localhost", Endpoint.DEFAULT_PORT, false));
    }
    try {
      return Endpoint.parseList(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Bad " + key + ": " + e.getMessage(), e);
    }
  }

  private String environmentToken() {
    String token = environment.property(TOKEN_KEY);
    return token != null ? token : environment.variable(TOKEN_ENV);
  }

  private static String readTokenFile(String file) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      throw new ConfigException("Cannot read the token file '" + file + "' (cirrus.token-file): "
          + e.getMessage(), e);
    }
  }

  private static void rejectUnknown(Map<String, String> keys) {
    for (String key : keys.keySet()) {
      boolean known = TOP_LEVEL_KEYS.contains(key)
          || key.startsWith(DEFAULT_PREFIX)
          || key.startsWith(CACHE_PREFIX);
      if (!known) {
        throw new ConfigException("Unknown Cirrus configuration key '" + key + "'; known keys: "
            + new TreeSet<>(TOP_LEVEL_KEYS) + ", cirrus.default.<setting>, cirrus.cache.<name>.<setting>");
      }
    }
  }

  /** The known setting a per-cache key ends with; cache names may themselves contain dots. */
  private static String settingSuffix(String key, String rest) {
    String best = null;
    for (String setting : CacheSettings.NAMES) {
      if (rest.endsWith("." + setting) && rest.length() > setting.length() + 1
          && (best == null || setting.length() > best.length())) {
        best = setting;
      }
    }
    if (best == null) {
      throw new ConfigException("Cirrus configuration key '" + key + "' does not end with a known"
          + " setting; use cirrus.cache.<name>.<setting> with one of " + CacheSettings.NAMES);
    }
    return best;
  }

  private static Duration duration(Map<String, String> keys, String key, Duration fallback) {
    String value = keys.get(key);
    if (value == null) {
      return fallback;
    }
    Duration d = Durations.parse(key, value);
    if (d.isZero()) {
      throw new ConfigException(key, value, "a positive duration");
    }
    return d;
  }

  private static List<String> commaSeparated(String value) {
    List<String> names = new ArrayList<>();
    if (value != null) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          names.add(name.trim());
        }
      }
    }
    return names;
  }
}
