package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.fastpath.DataPathStats;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cirrus+tls://} through the JCache API, against a server started with a certificate: gRPC
 * and the data path both in TLS.
 */
class TlsTest {
  private static Path dir;
  private static TestCertificates certificate;
  private static CirrusServer server;
  private final CirrusCachingProvider provider = new CirrusCachingProvider();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("cirrus-tls-it");
    certificate = TestCertificates.selfSigned(dir, "cirrus-test");
    server = CirrusServer.start(certificate.server(dir.resolve("data")).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private CacheManager manager(String uri, Path trust) {
    Properties props = new Properties();
    props.setProperty("cirrus.token", server.tokens().issue("acme", Duration.ofHours(1)));
    props.setProperty("cirrus.call-timeout", "3s");
    if (trust != null) {
      props.setProperty("cirrus.tls.trust-cert", trust.toString());
    }
    return provider.getCacheManager(URI.create(uri), getClass().getClassLoader(), props);
  }

  @Test
  void tlsUri_trustingTheServersCertificate_putAndGet() {
    assertEquals("cirrus+tls://127.0.0.1:" + server.port(), server.endpoint());
    CacheManager manager = manager(server.endpoint(), certificate.certificate());
    Cache<String, String> cache = manager.createCache("tls",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "over TLS");
    assertEquals("over TLS", cache.get("k"));
  }

  @Test
  void tlsUri_dataCallsGoByTheTlsDataPath() {
    DataPathStats before = server.dataPathStats();
    assertTrue(before.tls());
    CacheManager manager = manager("cirrus+tls://localhost:" + server.port(), certificate.certificate());
    Cache<String, String> cache = manager.createCache("tls-data-path",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    assertTrue(cache.containsKey("k"));
    DataPathStats after = server.dataPathStats();
    assertTrue(after.tlsHandshakes() > before.tlsHandshakes(), before + " then " + after);
    assertTrue(after.requests() >= before.requests() + 3, after::toString);
  }

  @Test
  void tlsUri_withoutTrustingTheCertificate_failsNamingTheCertificateProblem() {
    CacheManager manager = manager(server.endpoint(), null);
    CacheException e = assertThrows(CacheException.class,
        () -> manager.createCache("refused", new MutableConfiguration<>()));
    String chain = chain(e);
    assertTrue(chain.contains("certificat") || chain.contains("pkix") || chain.contains("ssl"), chain);
    assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
    assertTrue(e.getMessage().contains("cirrus.tls.trust-cert"), e.getMessage());
  }

  @Test
  void aTrustedCertificate_forAnotherHost_isRefused() throws Exception {
    TestCertificates elsewhere = TestCertificates.selfSigned(dir, "elsewhere", "dns:elsewhere.invalid");
    try (CirrusServer impostor = CirrusServer.start(elsewhere.server(dir.resolve("impostor")).build())) {
      Properties props = new Properties();
      props.setProperty("cirrus.token", impostor.tokens().issue("acme", Duration.ofHours(1)));
      props.setProperty("cirrus.tls.trust-cert", elsewhere.certificate().toString());
      CacheManager manager = provider.getCacheManager(
          URI.create("cirrus+tls://127.0.0.1:" + impostor.port()), getClass().getClassLoader(), props);
      CacheException e = assertThrows(CacheException.class,
          () -> manager.createCache("refused", new MutableConfiguration<>()));
      assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
      String chain = chain(e);
      assertTrue(chain.contains("subject alternative names matching ip address 127.0.0.1"),
          "the host name check refused it: " + chain);
      assertTrue(e.getMessage().contains("does not name 127.0.0.1"), e.getMessage());
    }
  }

  @Test
  void plaintextUri_againstTheTlsServer_failsFast() {
    CacheManager manager = manager("cirrus://127.0.0.1:" + server.port(), null);
    long start = System.nanoTime();
    CacheException e = assertThrows(CacheException.class,
        () -> manager.createCache("plain", new MutableConfiguration<>()));
    assertTrue(e.getMessage().contains("cirrus+tls://"), e.getMessage());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5_000, "failed after " + millis + " ms");
  }

  private static String chain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" / ");
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }
}
