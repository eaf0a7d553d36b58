package dev.cirrus.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.jsonwebtoken.Jwts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code token --endpoint}: the nodes a token names, so that it alone sets up a client. */
class TokenEndpointTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path dataDir;

  @BeforeEach
  void setUp() throws IOException {
    dataDir = Files.createTempDirectory("cirrus-token-endpoint-");
    SigningKeys.loadOrCreate(dataDir);
  }

  @AfterEach
  void tearDown() throws IOException {
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  private int token(Map<String, String> env, String... flags) {
    List<String> args = new ArrayList<>(List.of("token", "--account", "acme", "--data-dir",
        dataDir.toString()));
    args.addAll(List.of(flags));
    return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Object endpointClaim() throws IOException {
    return Jwts.parser().verifyWith(SigningKeys.load(dataDir).current().secret()).build()
        .parseSignedClaims(out.toString(StandardCharsets.UTF_8).trim()).getPayload()
        .get("cirrus_endpoint");
  }

  @Test
  void repeatedEndpoint_writesEveryNode_inOrder() throws IOException {
    assertEquals(0, token(Map.of(), "--endpoint", "cache-1:7070", "--endpoint", "cache-2"));
    assertEquals("cirrus://cache-1:7070,cache-2:7070", endpointClaim());
  }

  @Test
  void commaList_withTls_writesTheTlsScheme() throws IOException {
    assertEquals(0, token(Map.of(), "--endpoint", " a:7443, [::1]:7444 ", "--tls", "true"));
    assertEquals("cirrus+tls://a:7443,[::1]:7444", endpointClaim());
  }

  @Test
  void uriList_keepsItsScheme_andTheEnvironmentVariableWorks() throws IOException {
    assertEquals(0, token(Map.of("CIRRUS_ENDPOINT", "cirrus+tls://h1:1,h2:2")));
    assertEquals("cirrus+tls://h1:1,h2:2", endpointClaim());
  }

  @Test
  void endpoint_winsOverHostAndPortFromTheEnvironment() throws IOException {
    assertEquals(0, token(Map.of("CIRRUS_HOST", "0.0.0.0", "CIRRUS_PORT", "9000"),
        "--endpoint", "h1:1"));
    assertEquals("cirrus://h1:1", endpointClaim());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "h1:7070,,h2:7070 | empty node",
      "h1:port | is not a whole number",
      "h1:70000 | out of range",
      "::1:7070 | brackets",
      "redis://h1:6379 | scheme 'redis'",
      "cirrus://h1:1,cirrus+tls://h2:2 | mixes",
      "h1:1,h1:1 | twice",
  })
  void badEndpoint_exit2_namingTheProblem(String value, String named) {
    assertEquals(2, token(Map.of(), "--endpoint", value));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains(named), err.toString());
  }

  @Test
  void endpointWithHostFlag_exit2_sayingWhichToDrop() {
    assertEquals(2, token(Map.of(), "--endpoint", "h1:1", "--host", "h2"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("leave out --host"), err.toString());
  }
}
