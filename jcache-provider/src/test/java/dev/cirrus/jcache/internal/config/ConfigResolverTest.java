package dev.cirrus.jcache.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The documented lookup orders for the endpoint and the token. */
class ConfigResolverTest {

  private static final ClassLoader LOADER = ConfigResolverTest.class.getClassLoader();

  private static String tokenNaming(String endpoint) {
    String payload = "{\"sub\":\"acme\",\"cirrus_endpoint\":\"" + endpoint + "\"}";
    return "eyJhbGciOiJIUzI1NiJ9."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + ".sig";
  }

  @Test
  void defaultUri_withNothingSet_isLocalhost7070() {
    ConfigResolver r = new ConfigResolver(Environment.of(Map.of(), Map.of()));
    assertEquals(URI.create("cirrus://localhost:7070"), r.defaultUri());
  }

  @Test
  void defaultUri_prefersSystemProperty_thenEnv_thenToken() {
    String token = tokenNaming("cirrus://from-token:1");
    assertEquals(URI.create("cirrus://from-prop:2"), new ConfigResolver(Environment.of(
        Map.of("cirrus.uri", "cirrus://from-prop:2"),
        Map.of("CIRRUS_URI", "cirrus://from-env:3", "CIRRUS_AUTH_TOKEN", token))).defaultUri());
    assertEquals(URI.create("cirrus://from-env:3"), new ConfigResolver(Environment.of(
        Map.of(), Map.of("CIRRUS_URI", "cirrus://from-env:3", "CIRRUS_AUTH_TOKEN", token))).defaultUri());
    assertEquals(URI.create("cirrus://from-token:1"), new ConfigResolver(Environment.of(
        Map.of(), Map.of("CIRRUS_AUTH_TOKEN", token))).defaultUri());
  }

  @Test
  void token_prefersManagerProperty_thenSystemProperty_thenEnv() {
    ConfigResolver r = new ConfigResolver(Environment.of(
        Map.of("cirrus.token", "from-prop"), Map.of("CIRRUS_AUTH_TOKEN", "from-env")));
    Properties props = new Properties();
    props.setProperty("cirrus.token", "from-manager");
    URI uri = URI.create("cirrus://h:1");
    assertEquals("from-manager", r.resolve(uri, props, LOADER).token());
    assertEquals("from-prop", r.resolve(uri, new Properties(), LOADER).token());
    ConfigResolver envOnly = new ConfigResolver(Environment.of(Map.of(), Map.of("CIRRUS_AUTH_TOKEN", "from-env")));
    assertEquals("from-env", envOnly.resolve(uri, new Properties(), LOADER).token());
    assertNull(new ConfigResolver(Environment.of(Map.of(), Map.of()))
        .resolve(uri, new Properties(), LOADER).token());
  }

  @Test
  void serverUri_setsTheEndpoint_andTlsScheme() {
    ConfigResolver r = new ConfigResolver(Environment.of(Map.of(), Map.of()));
    ProviderConfig c = r.resolve(URI.create("cirrus+tls://cache.example:9443"), new Properties(), LOADER);
    assertEquals("cache.example", c.endpoint().host());
    assertEquals(9443, c.endpoint().port());
    assertEquals(true, c.endpoint().tls());
  }

  @Test
  void opaqueManagerName_usesTheDefaultEndpoint() {
    ConfigResolver r = new ConfigResolver(Environment.of(Map.of("cirrus.uri", "cirrus://h:5"), Map.of()));
    ProviderConfig c = r.resolve(URI.create("orders-manager"), new Properties(), LOADER);
    assertEquals("cirrus://h:5", c.endpoint().toString());
  }

  @Test
  void perCacheKeys_allowDotsInCacheNames() {
    ConfigResolver r = new ConfigResolver(Environment.of(Map.of(), Map.of()));
    Properties props = new Properties();
    props.setProperty("cirrus.cache.com.acme.Order.statistics", "true");
    props.setProperty("cirrus.cache.com.acme.Order.expiry.ttl", "2h");
    ProviderConfig c = r.resolve(URI.create("cirrus://h:1"), props, LOADER);
    CacheSettings s = c.settingsFor("com.acme.Order");
    assertEquals(Boolean.TRUE, s.statistics());
    assertEquals(java.time.Duration.ofHours(2), s.expiryTtl());
  }
}
