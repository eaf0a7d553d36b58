package dev.cirrus.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.config.ConnectionSettings;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.internal.config.Environment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several nodes in one endpoint, wherever an endpoint is configured: the CacheManager URI,
 * {@code cirrus.uri}, {@code CIRRUS_URI} and a token's endpoint; a bad list fails the manager's
 * start naming the bad part and the fix. A manager connects lazily, so no server is needed here.
 */
class EndpointListTest {

  private static final ClassLoader LOADER = EndpointListTest.class.getClassLoader();

  private static ConnectionSettings resolve(
      Map<String, String> properties, Map<String, String> env, URI uri, Properties managerProps) {
    CirrusCachingProvider provider =
        new CirrusCachingProvider(Environment.of(properties, env));
    try {
      return provider.getCacheManager(uri, LOADER, managerProps).unwrap(CirrusCacheManager.class)
          .configuration();
    } finally {
      provider.close();
    }
  }

  private static ConnectionSettings resolve(String uri) {
    return resolve(Map.of(), Map.of(), URI.create(uri), new Properties());
  }

  private static String tokenNaming(String endpoint) {
    String payload = "{\"sub\":\"acme\",\"cirrus_endpoint\":\"" + endpoint + "\"}";
    return "eyJhbGciOiJIUzI1NiJ9."
        + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + ".sig";
  }

  @Test
  void managerUri_withTwoNodes_listsBoth_inOrder() {
    ConnectionSettings c = resolve("cirrus://cache-1:7070,cache-2:7071");
    assertEquals(List.of(new Endpoint("cache-1", 7070, false), new Endpoint("cache-2", 7071, false)),
        c.endpoints());
    assertEquals(new Endpoint("cache-1", 7070, false), c.endpoint());
  }

  @Test
  void tlsList_appliesTheSchemeToEveryNode_andDefaultsThePort() {
    assertEquals(List.of(new Endpoint("a.example", 7070, true), new Endpoint("b.example", 9443, true)),
        resolve("cirrus+tls://a.example,b.example:9443").endpoints());
    // In a property a list may have spaces and IPv6 addresses, which a java.net.URI refuses.
    ConnectionSettings c = resolve(Map.of("cirrus.uri", "cirrus+tls://a.example, b.example:9443 ,[::1]"),
        Map.of(), URI.create("app"), new Properties());
    assertEquals(List.of(new Endpoint("a.example", 7070, true), new Endpoint("b.example", 9443, true),
        new Endpoint("::1", 7070, true)), c.endpoints());
    assertEquals("cirrus+tls://[::1]:7070", c.endpoints().get(2).toString());
  }

  @Test
  void currentEndpoint_isOneOfTheList() {
    CirrusCachingProvider provider = new CirrusCachingProvider(Environment.of(Map.of(), Map.of()));
    try {
      CirrusCacheManager manager = provider.getCacheManager(
          URI.create("cirrus://h1:7070,h2:7070,h3:7070"), LOADER).unwrap(CirrusCacheManager.class);
      assertTrue(manager.configuration().endpoints().contains(manager.currentEndpoint()),
          manager.currentEndpoint().toString());
    } finally {
      provider.close();
    }
  }

  @Test
  void managers_startOnRandomNodes_soClientsSpreadOverTheList() {
    CirrusCachingProvider provider = new CirrusCachingProvider(Environment.of(Map.of(), Map.of()));
    try {
      java.util.Set<Endpoint> used = new java.util.HashSet<>();
      // 40 managers all on one of two nodes by chance: once in 2^39 runs.
      for (int i = 0; i < 40; i++) {
        CirrusCacheManager manager = provider.getCacheManager(URI.create("cirrus://h1:7070,h2:7070"),
            new ClassLoader(LOADER) {}).unwrap(CirrusCacheManager.class);
        used.add(manager.currentEndpoint());
        assertEquals(manager.currentEndpoint(), manager.currentEndpoint(), "sticky");
      }
      assertEquals(2, used.size(), used.toString());
    } finally {
      provider.close();
    }
  }

  @Test
  void cirrusUri_property_systemProperty_environment_andToken_eachTakeAList() {
    URI named = URI.create("app-caches");
    Properties managerProps = new Properties();
    managerProps.setProperty("cirrus.uri", "cirrus://p1:1,p2:2");
    assertEquals(2, resolve(Map.of(), Map.of(), named, managerProps).endpoints().size());
    assertEquals(List.of(new Endpoint("s1", 1, false), new Endpoint("s2", 2, false)), resolve(
        Map.of("cirrus.uri", "cirrus://s1:1,s2:2"), Map.of(), named, new Properties()).endpoints());
    assertEquals(List.of(new Endpoint("e1", 1, false), new Endpoint("e2", 2, false)), resolve(
        Map.of(), Map.of("CIRRUS_URI", "cirrus://e1:1,e2:2"), named, new Properties()).endpoints());
    Properties withToken = new Properties();
    withToken.setProperty("cirrus.token", tokenNaming("cirrus://t1:1,t2:2"));
    assertEquals(List.of(new Endpoint("t1", 1, false), new Endpoint("t2", 2, false)),
        resolve(Map.of(), Map.of(), named, withToken).endpoints());
  }

  @Test
  void defaultUri_fromATokenWithAList_isTheList() {
    CirrusCachingProvider provider = new CirrusCachingProvider(Environment.of(
        Map.of(), Map.of("CIRRUS_AUTH_TOKEN", tokenNaming("cirrus://t1:1,t2:2"))));
    try {
      assertEquals(URI.create("cirrus://t1:1,t2:2"), provider.getDefaultURI());
      assertEquals(2, provider.getCacheManager().unwrap(CirrusCacheManager.class)
          .configuration().endpoints().size());
    } finally {
      provider.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "cirrus://h1:7070,,h2:7070 | empty node",
      "cirrus://h1:7070, | empty node",
      "cirrus://h1:70x0,h2:7070 | 'h1:70x0'",
      "cirrus://h1:7070,h2:99999 | between 1 and 65535",
      "cirrus://::1:7070 | brackets",
      "cirrus://[::1:7070 | never closes",
      "cirrus://h1:7070,h1:7070 | twice",
      "cirrus://me@h1:7070 | cirrus.token",
      "cirrus://h!1:7070 | not a host name",
      "h1:7070,h2:7070 | must start with cirrus://",
  })
  void badList_failsTheStart_namingThePartAndTheFix(String uri, String named) {
    CacheException e = assertThrows(CacheException.class, () -> resolve(
        Map.of("cirrus.uri", uri), Map.of(), URI.create("app"), new Properties()));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertTrue(e.getMessage().contains("cirrus.uri"), e.getMessage());
  }

  @Test
  void badManagerUri_namesTheUri_andThePart() {
    CacheException e = assertThrows(CacheException.class,
        () -> resolve("cirrus://h1:7070,h2:port"));
    assertTrue(e.getMessage().contains("CacheManager URI"), e.getMessage());
    assertTrue(e.getMessage().contains("'h2:port'"), e.getMessage());
  }

  @Test
  void badCirrusUri_namesTheKey_andTheForms() {
    CacheException e = assertThrows(CacheException.class, () -> resolve(
        Map.of("cirrus.uri", "redis://h1:6379,h2:6379"), Map.of(), URI.create("app"),
        new Properties()));
    assertTrue(e.getMessage().contains("cirrus.uri"), e.getMessage());
    assertTrue(e.getMessage().contains("cirrus://h1:7070,h2:7070"), e.getMessage());
    CacheException fromEnv = assertThrows(CacheException.class, () -> resolve(
        Map.of(), Map.of("CIRRUS_URI", "cirrus://a:1,b:x"), URI.create("app"), new Properties()));
    assertTrue(fromEnv.getMessage().contains("CIRRUS_URI"), fromEnv.getMessage());
    assertTrue(fromEnv.getMessage().contains("'b:x'"), fromEnv.getMessage());
  }

  @Test
  void tooManyNodes_isRefused() {
    StringBuilder uri = new StringBuilder("cirrus://");
    for (int i = 0; i <= Endpoint.MAX_NODES; i++) {
      uri.append(i == 0 ? "" : ",").append("h").append(i).append(":7070");
    }
    CacheException e = assertThrows(CacheException.class, () -> resolve(uri.toString()));
    assertTrue(e.getMessage().contains("at most " + Endpoint.MAX_NODES), e.getMessage());
  }
}
