package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.limits.Limits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Momento's own Node.js SDK ({@code @gomomento/sdk}, from the npm registry) against a Cirrus
 * server: every served method, TTL expiry, batches, conditions and the SDK's typed errors, and one
 * cache shared by a JCache client and the SDK (the plain {@code string} and {@code bytes}
 * codecs). The checks live in {@code src/test/node/momento/sdk-check.js}; a failed check fails the
 * script and so this test, with the script's output.
 */
class MomentoSdkTest {
  private static final int MAX_VALUE_BYTES = 4096;
  private static final List<String> CHECKS = List.of(
      "createCache_thenAgain_isAlreadyExists_andListed", "setGet_stringsAndBytes_andMiss",
      "ttl_expiresTheEntry_itemGetTtl", "setBatch_getBatch", "conditionalSets",
      "hashes_getWithHash_setWithHash_hashConditions", "increment",
      "keysExist_itemGetType_ttlUpdates_delete", "jcacheStringCache_isReadAndWritten",
      "jcacheBytesCache_isReadAndWritten", "sdkCreatedCache_forJCache",
      "errors_areMomentosTypedErrors",
      "flushCache_thenDeleteCache");

  @TempDir Path dir;
  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void momentoSdk_overPlaintext_servesEveryMethod_andSharesCachesWithJCache() throws Exception {
    NodeScript node = NodeScript.install("momento");
    server = new TestServer(EmbeddedServer.start(
        b -> b.limits(Limits.builder().maxValueBytes(MAX_VALUE_BYTES).build())));
    String account = TestServer.freshAccount();
    CacheManager stringManager = manager(account, "string");
    Cache<String, String> strings = stringManager.createCache("shared-strings",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    Cache<byte[], byte[]> bytes = manager(account, "bytes").createCache("shared-bytes",
        new MutableConfiguration<byte[], byte[]>().setTypes(byte[].class, byte[].class));
    strings.put("from-jcache", "written by JCache");
    bytes.put(new byte[] {1, 2, 3}, new byte[] {4, 5, 6});
    URI endpoint = URI.create(server.endpoint());

    NodeScript.Run run = node.run("sdk-check.js", Map.of(
        "CIRRUS_ADDRESS", endpoint.getHost() + ":" + endpoint.getPort(),
        "CIRRUS_TOKEN", server.token(account),
        "CIRRUS_OTHER_TOKEN", server.token(TestServer.freshAccount()),
        "CIRRUS_READ_TOKEN", server.server().tokens().issue(account, Duration.ofHours(1),
            java.util.EnumSet.of(Permission.READ)),
        "CIRRUS_MAX_VALUE", Integer.toString(MAX_VALUE_BYTES),
        "CIRRUS_STRING_CACHE", "shared-strings",
        "CIRRUS_BYTES_CACHE", "shared-bytes",
        "CIRRUS_SDK_CACHE", "made-by-momento"));

    assertPassed(run, CHECKS);
    assertEquals("written by Node", strings.get("from-node"));
    assertArrayEquals(new byte[] {8, 9}, bytes.get(new byte[] {7}));
    // A cache the SDK created carries no JCache types: it opens untyped.
    Cache<Object, Object> made = stringManager.getCache("made-by-momento");
    assertEquals("the Momento SDK", made.get("made-by"));
  }

  @Test
  void momentoSdk_configuredByTheTokenAlone_overTls() throws Exception {
    NodeScript node = NodeScript.install("momento");
    TestCertificates certificate = TestCertificates.selfSigned(dir, "momento");
    server = new TestServer(EmbeddedServer.start(
        b -> b.tls(certificate.certificate(), certificate.privateKey())));

    NodeScript.Run run = node.run("sdk-check.js", Map.of(
        "CIRRUS_TOKEN_ONLY", "true",
        "CIRRUS_TOKEN", server.token(TestServer.freshAccount()),
        // grpc-js, under Momento's Node.js SDK, trusts the roots in this file (it does not
        // consult NODE_EXTRA_CA_CERTS for its channels).
        "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", certificate.certificate().toString()));

    assertPassed(run, List.of("tokenOnly_createSetGet_overTls"));
  }

  private CacheManager manager(String account, String codec) {
    Properties properties = new Properties();
    properties.setProperty("cirrus.token", server.token(account));
    properties.setProperty("cirrus.codec", codec);
    return server.manager(URI.create(server.endpoint()), properties);
  }

  private static void assertPassed(NodeScript.Run run, List<String> checks) {
    assertEquals(0, run.exitCode(), run::output);
    // The SDK pings every 5 s; a server that refuses that drops its connections (GOAWAY).
    assertFalse(run.output().contains("excess pings"), run::output);
    for (String check : checks) {
      assertTrue(run.lines().contains("PASS " + check), () -> "no PASS " + check + ":\n" + run.output());
    }
  }
}
