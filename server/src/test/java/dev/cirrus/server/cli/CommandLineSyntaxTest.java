package dev.cirrus.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.SigningKeys;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the words of a command line are read: both flag spellings, the environment, bad input. */
class CommandLineSyntaxTest {
  @TempDir
  Path dataDir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static ServerConfig config(Map<String, String> env, String... args)
      throws UsageException {
    return ServeCommand.config(Arguments.parse(List.of(args), env));
  }

  private Claims tokenClaims() throws IOException {
    return Jwts.parser().verifyWith(SigningKeys.load(dataDir).current().secret()).build()
        .parseSignedClaims(out.toString(StandardCharsets.UTF_8).trim()).getPayload();
  }

  @Test
  void flagValue_withEqualsOrSpace_readTheSame() throws UsageException {
    ServerConfig spaced = config(Map.of(), "--port", "9001", "--max-ttl", "2h", "--host", "::1");
    ServerConfig joined = config(Map.of(), "--port=9001", "--max-ttl=2h", "--host=::1");
    assertEquals(9001, joined.port());
    assertEquals(Duration.ofHours(2), joined.limits().maxTtl());
    assertEquals("::1", joined.host());
    assertEquals(spaced.port(), joined.port());
    assertEquals(spaced.limits().maxTtl(), joined.limits().maxTtl());
    assertEquals("a=b", config(Map.of(), "--data-dir=a=b").dataDir().toString(),
        "only the first '=' separates the flag from its value");
  }

  @Test
  void serveWord_isOptional() throws UsageException {
    assertEquals(9002, config(Map.of(), "serve", "--port", "9002").port());
    assertEquals(9002, config(Map.of(), "--port", "9002").port());
  }

  @Test
  void environment_fillsWhatTheCommandLineLeavesOut_flagWins() throws UsageException {
    Map<String, String> env = Map.of("CIRRUS_PORT", "9000", "CIRRUS_MAX_BATCH_SIZE", "77");
    ServerConfig fromEnv = config(env);
    assertEquals(9000, fromEnv.port());
    assertEquals(77, fromEnv.limits().maxBatchSize());
    ServerConfig flagged = config(env, "--port=9001");
    assertEquals(9001, flagged.port());
    assertEquals(77, flagged.limits().maxBatchSize());
  }

  @Test
  void flagGivenTwice_theLaterWins() throws UsageException {
    assertEquals(9005, config(Map.of(), "--port", "9004", "--port=9005").port());
  }

  @Test
  void repeatableFlag_bothSpellings_collectEveryValue() throws IOException {
    SigningKeys.loadOrCreate(dataDir);
    assertEquals(0, run(Map.of(), "token", "--account=acme", "--endpoint=h1:1",
        "--endpoint", "h2:2", "--data-dir=" + dataDir), err());
    assertEquals("cirrus://h1:1,h2:2", tokenClaims().get("cirrus_endpoint"));
  }

  @Test
  void atSign_isAValue_notAnArgumentFile() throws IOException {
    SigningKeys.loadOrCreate(dataDir);
    assertEquals(0, run(Map.of(), "token", "--account", "@acme", "--data-dir", dataDir.toString()),
        err());
    assertEquals("@acme", tokenClaims().getSubject());
  }

  @Test
  void unknownFlag_exit2_namingIt_andTheNearestFlag() {
    assertEquals(2, run(Map.of(), "--max-value-byte=1m"));
    assertTrue(err().contains("unknown flag '--max-value-byte'"), err());
    assertTrue(err().contains("did you mean --max-value-bytes?"), err());
    assertTrue(err().contains("--help"), err());
  }

  @Test
  void unknownFlag_farFromEveryFlag_guessesNothing() {
    assertEquals(2, run(Map.of(), "--verbose"));
    assertTrue(err().contains("unknown flag '--verbose'") && !err().contains("did you mean"), err());
  }

  @Test
  void flagAfterEndOfFlags_exit2_sayingToLeaveOutTheDashes() {
    assertEquals(2, run(Map.of(), "--", "--port", "1"));
    assertTrue(err().contains("'--port' comes after '--'"), err());
  }

  @Test
  void flagOfAnotherCommand_exit2_namingIt() {
    assertEquals(2, run(Map.of(), "token", "revoked", "--account", "a"));
    assertTrue(err().contains("unknown flag '--account'"), err());
  }

  @Test
  void strayWord_exit2_namingIt() {
    assertEquals(2, run(Map.of(), "--port", "1", "sreve"));
    assertTrue(err().contains("unknown argument 'sreve'"), err());
  }

  @Test
  void missingValue_beforeAnotherFlag_exit2_insteadOfTakingTheFlagAsValue() {
    assertEquals(2, run(Map.of(), "--port", "--host", "0.0.0.0"));
    assertTrue(err().contains("--port needs a value: --port PORT"), err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-h", "--help"})
  void shortAndLongHelp_printTheSameHelp_exit0(String help) {
    assertEquals(0, run(Map.of(), "keys", help));
    assertEquals(KeysCommand.help(), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyFlagOfACommand_hasItsOwnNameAndVariable() {
    for (List<Flag<?>> flags : List.of(ServeFlags.ALL, TokenCommand.FLAGS,
        TokenCommand.REVOKE_FLAGS, KeysCommand.FLAGS)) {
      Set<String> names = new HashSet<>();
      flags.forEach(flag -> assertTrue(names.add(flag.env()), "twice: " + flag.option()));
    }
  }
}
