package dev.cirrus.server.auth;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.ServerCalls;
import io.grpc.Status;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing keys in the data dir: rotation, retirement and the single key file of earlier versions. */
class KeyRotationTest {
  private Path dataDir;

  @BeforeEach
  void setUp() throws IOException {
    dataDir = Files.createTempDirectory("cirrus-keys-");
  }

  @AfterEach
  void tearDown() throws IOException {
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  private CirrusServer start() throws IOException {
    return CirrusServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
  }

  private static String kid(String token) {
    String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    var matcher = java.util.regex.Pattern.compile("\"kid\":\"([^\"]+)\"").matcher(header);
    return matcher.find() ? matcher.group(1) : null;
  }

  @Test
  void rotation_keepsOldTokensValid_acrossTwoRestarts_andNewTokensCarryTheNewKeyId() throws Exception {
    String first;
    try (CirrusServer server = start()) {
      first = server.tokens().issue("acme", Duration.ofHours(1));
      assertEquals("k1", kid(first));
    }
    SigningKey rotated = SigningKeys.rotate(dataDir, Clock.systemUTC());
    assertEquals("k2", rotated.id());

    String second;
    try (CirrusServer server = start()) {
      assertEquals("acme", ServerCalls.describeAccount(server, first));
      second = server.tokens().issue("globex", Duration.ofHours(1));
      assertEquals("k2", kid(second));
      assertEquals("k2", server.tokens().keyId());
    }
    try (CirrusServer server = start()) {
      assertEquals("acme", ServerCalls.describeAccount(server, first));
      assertEquals("globex", ServerCalls.describeAccount(server, second));
    }
  }

  @Test
  void retiredKey_itsTokensRefused_sayingTheKeyWasRetired_othersStillValid() throws Exception {
    String old;
    try (CirrusServer server = start()) {
      old = server.tokens().issue("acme", Duration.ofHours(1));
    }
    SigningKeys.rotate(dataDir, Clock.systemUTC());
    RetiredKey retired = SigningKeys.retire(dataDir, "k1", Clock.systemUTC());
    assertEquals("k1", retired.id());
    assertFalse(Files.exists(dataDir.resolve("keys/k1.key")), "the retired secret is deleted");

    try (CirrusServer server = start()) {
      ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
          () -> ServerCalls.describeAccount(server, old));
      assertTrue(detail.getMessage().contains("signed with key k1, which was retired at"),
          detail.getMessage());
      assertEquals("acme", ServerCalls.describeAccount(server, server.tokens().issue("acme", Duration.ofHours(1))));
    }
  }

  @Test
  void retire_theKeyThatSigns_isRefused_sayingToRotateFirst() throws Exception {
    SigningKeys.loadOrCreate(dataDir);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SigningKeys.retire(dataDir, "k1", Clock.systemUTC()));
    assertTrue(e.getMessage().contains("keys rotate"), e.getMessage());
    assertEquals("k1", SigningKeys.load(dataDir).current().id());
  }

  @Test
  void retire_unknownOrAlreadyRetired_isRefused_namingTheKeys() throws Exception {
    SigningKeys.loadOrCreate(dataDir);
    SigningKeys.rotate(dataDir, Clock.systemUTC());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> SigningKeys.retire(dataDir, "k7", Clock.systemUTC()));
    assertTrue(unknown.getMessage().contains("[k1, k2]"), unknown.getMessage());
    SigningKeys.retire(dataDir, "k1", Clock.systemUTC());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> SigningKeys.retire(dataDir, "k1", Clock.systemUTC()));
    assertTrue(twice.getMessage().contains("already retired"), twice.getMessage());
  }

  @Test
  void rotate_afterRetirement_neverReusesAnId() throws Exception {
    SigningKeys.loadOrCreate(dataDir);
    SigningKeys.rotate(dataDir, Clock.systemUTC());
    SigningKeys.retire(dataDir, "k1", Clock.systemUTC());
    assertEquals("k3", SigningKeys.rotate(dataDir, Clock.systemUTC()).id());
    SigningKeys keys = SigningKeys.load(dataDir);
    assertEquals(List.of("k2", "k3"), keys.active().stream().map(SigningKey::id).toList());
    assertEquals(List.of("k1"), keys.retired().stream().map(RetiredKey::id).toList());
  }

  @Test
  void keyFiles_ownerOnly() throws Exception {
    SigningKeys.loadOrCreate(dataDir);
    Path key = dataDir.resolve("keys/k1.key");
    if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
      assertEquals("rw-------",
          java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
      assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(dataDir.resolve("keys"))));
    }
  }

  @Test
  void tokenOfAKeyCreatedWhileTheServerRuns_refused_sayingToRestart() throws Exception {
    try (CirrusServer server = start()) {
      SigningKey newer = SigningKeys.rotate(dataDir, Clock.systemUTC());
      String token = new TokenIssuer(newer, server.endpoint(), Clock.systemUTC())
          .issue("acme", Duration.ofHours(1));
      ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
          () -> ServerCalls.describeAccount(server, token));
      assertTrue(detail.getMessage().contains("restart the server after `keys rotate`"),
          detail.getMessage());
    }
  }

  @Test
  void legacySigningKeyFile_isKeyK0_itsTokensWithoutKeyIdStayValid_untilRetired() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.writeString(dataDir.resolve("signing-key"), Base64.getEncoder().encodeToString(secret) + "\n");
    long now = System.currentTimeMillis();
    // As earlier versions issued them: no key id in the header.
    String legacyToken = Jwts.builder().subject("acme").issuer("cirrus")
        .issuedAt(new Date(now)).expiration(new Date(now + 3_600_000))
        .claims(Map.of("perm", List.of("read", "write", "control"), "cirrus_endpoint", "cirrus://x:1"))
        .signWith(Keys.hmacShaKeyFor(secret), Jwts.SIG.HS256).compact();

    try (CirrusServer server = start()) {
      assertEquals("acme", ServerCalls.describeAccount(server, legacyToken));
      assertEquals("k0", kid(server.tokens().issue("acme", Duration.ofHours(1))));
    }
    assertFalse(Files.exists(dataDir.resolve("keys/k1.key")), "no new key while k0 exists");
    assertEquals("k1", SigningKeys.rotate(dataDir, Clock.systemUTC()).id());
    try (CirrusServer server = start()) {
      assertEquals("acme", ServerCalls.describeAccount(server, legacyToken));
    }
    SigningKeys.retire(dataDir, "k0", Clock.systemUTC());
    assertFalse(Files.exists(dataDir.resolve("signing-key")));
    try (CirrusServer server = start()) {
      ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
          () -> ServerCalls.describeAccount(server, legacyToken));
      assertTrue(detail.getMessage().contains("key k0, which was retired"), detail.getMessage());
    }
  }

  @Test
  void signingKey_toString_neverShowsTheSecret() throws Exception {
    SigningKey key = SigningKeys.loadOrCreate(dataDir).current();
    String secret = Base64.getEncoder().encodeToString(key.secret().getEncoded());
    assertFalse(key.toString().contains(secret));
    assertTrue(key.toString().contains("k1"));
  }
}
