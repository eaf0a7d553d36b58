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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code keys rotate|retire|list} as an operator runs them. */
class KeysCommandTest {
  private ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path dataDir;

  @BeforeEach
  void setUp() throws IOException {
    dataDir = Files.createTempDirectory("cirrus-keys-cli-");
  }

  @AfterEach
  void tearDown() throws IOException {
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  private int run(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    return Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rotate_createsANewSigningKey_thatTheTokenCommandThenUses() throws IOException {
    SigningKeys.loadOrCreate(dataDir);
    assertEquals(0, run("keys", "rotate", "--data-dir", dataDir.toString()));
    assertTrue(out().contains("Created signing key k2"), out());
    assertTrue(out().contains("restarted"), out());
    assertTrue(out().contains("keys retire --key-id k1"), out());

    assertEquals(0, run("token", "--account", "acme", "--data-dir", dataDir.toString()));
    var key = SigningKeys.load(dataDir).find("k2").orElseThrow();
    assertEquals("k2", Jwts.parser().verifyWith(key.secret()).build()
        .parseSignedClaims(out().trim()).getHeader().getKeyId());
  }

  @Test
  void list_showsIdsCreationTimesAndWhichSigns() throws IOException {
    SigningKeys.loadOrCreate(dataDir);
    run("keys", "rotate", "--data-dir", dataDir.toString());
    run("keys", "rotate", "--data-dir", dataDir.toString());
    assertEquals(0, run("keys", "retire", "--key-id", "k1", "--data-dir", dataDir.toString()));
    assertTrue(out().contains("Retired signing key k1"), out());

    assertEquals(0, run("keys", "list", "--data-dir", dataDir.toString()));
    String[] lines = out().split("\n");
    assertTrue(lines[2].matches("  k2\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+verifies tokens it signed"),
        out());
    assertTrue(lines[3].matches("  k3\\s+\\S+\\s+signs new tokens"), out());
    assertTrue(lines[4].matches("  k1\\s+\\S+\\s+retired \\S+Z"), out());
  }

  @Test
  void retire_theSigningKey_exit1_sayingToRotateFirst() throws IOException {
    SigningKeys.loadOrCreate(dataDir);
    assertEquals(1, run("keys", "retire", "--key-id", "k1", "--data-dir", dataDir.toString()));
    assertTrue(err().contains("signs new tokens and cannot be retired"), err());
  }

  @Test
  void retire_withoutKeyId_exit2() {
    assertEquals(2, run("keys", "retire", "--data-dir", dataDir.toString()));
    assertTrue(err().contains("--key-id"), err());
  }

  @Test
  void keyId_onRotate_exit2() {
    assertEquals(2, run("keys", "rotate", "--key-id", "k1", "--data-dir", dataDir.toString()));
    assertTrue(err().contains("--key-id belongs to keys retire"), err());
  }

  @Test
  void noOrUnknownSubcommand_exit2_namingTheChoices() {
    assertEquals(2, run("keys"));
    assertTrue(err().contains("rotate") && err().contains("retire") && err().contains("list"), err());
    assertEquals(2, run("keys", "shuffle"));
    assertTrue(err().contains("'shuffle'"), err());
  }

  @Test
  void help_explainsRestart() {
    assertEquals(0, run("keys", "--help"));
    assertTrue(out().contains("restart"), out());
    assertTrue(out().contains("--key-id ID"), out());
  }

  @Test
  void list_emptyDataDir_exit1_sayingHowToCreateAKey() {
    assertEquals(1, run("keys", "list", "--data-dir", dataDir.resolve("none").toString()));
    assertTrue(err().contains("start the server once"), err());
  }
}
