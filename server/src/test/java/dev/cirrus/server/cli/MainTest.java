package dev.cirrus.server.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path dataDir;

  @BeforeEach
  void setUp() throws IOException {
    dataDir = Files.createTempDirectory("cirrus-cli-");
  }

  @AfterEach
  void tearDown() throws IOException {
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  private int run(Map<String, String> env, String... args) {
    return Main.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static ServerConfig config(Map<String, String> env, String... args) throws UsageException {
    return ServeCommand.config(Arguments.parse(List.of(args), env));
  }

  @Test
  void help_listsEveryFlagWithItsEnvironmentVariable() {
    assertEquals(0, run(Map.of(), "--help"));
    for (Flag<?> flag : ServeFlags.ALL) {
      assertTrue(out().contains(flag.option()), "missing " + flag.option());
      assertTrue(out().contains(flag.env()), "missing " + flag.env());
    }
    assertTrue(out().contains("CIRRUS_MAX_VALUE_BYTES"));
  }

  @Test
  void tokenHelp_listsTokenFlags() {
    assertEquals(0, run(Map.of(), "token", "--help"));
    assertTrue(out().contains("--account NAME"));
    assertTrue(out().contains("--permissions"));
  }

  @Test
  void badPort_exit2_namingFlagAndRange() {
    assertEquals(2, run(Map.of(), "--port", "http"));
    assertTrue(err().contains("--port"), err());
    assertTrue(err().contains("0..65535"), err());
  }

  @Test
  void unknownFlag_exit2_pointingToHelp() {
    assertEquals(2, run(Map.of(), "--prot", "7070"));
    assertTrue(err().contains("'--prot'") && err().contains("--help"), err());
  }

  @Test
  void missingValue_exit2() {
    assertEquals(2, run(Map.of(), "--port"));
    assertTrue(err().contains("--port needs a value"), err());
  }

  @Test
  void badEnvironmentVariable_exit2_namingTheVariable() {
    assertEquals(2, run(Map.of("CIRRUS_MAX_TTL", "forever")));
    assertTrue(err().contains("CIRRUS_MAX_TTL"), err());
  }

  @Test
  void flagWinsOverEnvironment_environmentOverDefault() throws UsageException {
    ServerConfig config = config(Map.of("CIRRUS_PORT", "9000", "CIRRUS_HOST", "0.0.0.0"),
        "--port", "9001");
    assertEquals(9001, config.port());
    assertEquals("0.0.0.0", config.host());
  }

  @Test
  void defaults_whenNothingGiven() throws UsageException {
    ServerConfig config = config(Map.of());
    assertEquals("127.0.0.1", config.host());
    assertEquals(7070, config.port());
    assertEquals(Path.of(".cirrus"), config.dataDir());
    assertTrue(config.devMode());
  }

  @Test
  void devMode_auto_onlyOnLoopback() throws UsageException {
    assertTrue(config(Map.of()).devMode());
    assertTrue(config(Map.of(), "--host", "localhost").devMode());
    assertTrue(config(Map.of(), "--host", "::1").devMode());
    assertFalse(config(Map.of(), "--host", "0.0.0.0").devMode());
    assertFalse(config(Map.of("CIRRUS_HOST", "0.0.0.0")).devMode());
    assertFalse(config(Map.of(), "--host", "0.0.0.0", "--dev-mode", "auto").devMode());
    // An operator may still ask for it explicitly (the server then warns on start).
    assertTrue(config(Map.of(), "--host", "0.0.0.0", "--dev-mode", "true").devMode());
    assertFalse(config(Map.of(), "--dev-mode", "false").devMode());
    UsageException e = assertThrows(UsageException.class,
        () -> config(Map.of(), "--dev-mode", "maybe"));
    assertTrue(e.getMessage().contains("'maybe' is not auto, true or false"), e.getMessage());
  }

  @Test
  void limitsAndBudget_fromFlags() throws UsageException {
    ServerConfig config = config(Map.of(), "--max-value-bytes", "2m", "--memory-budget=512m",
        "--max-ttl", "30d", "--max-batch-size", "50", "--dev-mode", "false", "--data-dir", "/tmp/x");
    assertEquals(2 << 20, config.limits().maxValueBytes());
    assertEquals(512L << 20, config.memoryBudgetBytes());
    assertEquals(Duration.ofDays(30), config.limits().maxTtl());
    assertEquals(50, config.limits().maxBatchSize());
    assertEquals(false, config.devMode());
    assertEquals(Path.of("/tmp/x"), config.dataDir());
  }

  @Test
  void fairnessFlags_rateQuotaAndAnswerBytes_offOffAnd64MiBByDefault() throws UsageException {
    assertEquals(0, config(Map.of()).accountRateLimit());
    assertEquals(64 << 20, config(Map.of()).limits().maxResponseBytes());
    assertEquals(200, config(Map.of(), "--account-rate-limit", "200/s").accountRateLimit());
    assertEquals(50, config(Map.of("CIRRUS_ACCOUNT_RATE_LIMIT", "50")).accountRateLimit());
    assertEquals(0, config(Map.of(), "--account-rate-limit", "off").accountRateLimit());
    assertEquals(8 << 20, config(Map.of(), "--max-response-bytes", "8m").limits().maxResponseBytes());
    UsageException small = assertThrows(UsageException.class,
        () -> config(Map.of(), "--max-response-bytes", "1m"));
    assertTrue(small.getMessage().contains("--max-value-bytes"), small.getMessage());
    assertThrows(UsageException.class, () -> config(Map.of(), "--account-rate-limit", "fast"));
    assertEquals(0, config(Map.of()).accountMemoryQuotaBytes());
    assertEquals(256L << 20, config(Map.of(), "--account-memory-quota", "256m").accountMemoryQuotaBytes());
    UsageException tiny = assertThrows(UsageException.class,
        () -> config(Map.of(), "--account-memory-quota", "10k"));
    assertTrue(tiny.getMessage().contains("at least 1m"), tiny.getMessage());
  }

  @Test
  void accountQueuedCalls_fromFlagOrEnvironment_64ByDefault_zeroRefused() throws UsageException {
    assertEquals(1024, config(Map.of()).accountQueuedCalls());
    assertEquals(8, config(Map.of(), "--account-queued-calls", "8").accountQueuedCalls());
    assertEquals(500, config(Map.of("CIRRUS_ACCOUNT_QUEUED_CALLS", "500")).accountQueuedCalls());
    UsageException zero = assertThrows(UsageException.class,
        () -> config(Map.of(), "--account-queued-calls", "0"));
    assertTrue(zero.getMessage().contains("--account-queued-calls"), zero.getMessage());
    assertEquals(0, run(Map.of(), "--help"));
    assertTrue(out().contains("--account-queued-calls"), out());
  }

  @Test
  void dataIdleTimeout_fromFlagOrEnvironment_defaultFiveMinutes() throws UsageException {
    assertEquals(Duration.ofMinutes(5), config(Map.of()).dataIdleTimeout());
    assertEquals(Duration.ofSeconds(30), config(Map.of(), "--data-idle-timeout", "30s").dataIdleTimeout());
    assertEquals(Duration.ofHours(1),
        config(Map.of("CIRRUS_DATA_IDLE_TIMEOUT", "1h")).dataIdleTimeout());
  }

  @Test
  void dataIdleTimeout_tooShortOrNotADuration_exit2_namingTheFlag() {
    assertEquals(2, run(Map.of(), "--data-idle-timeout", "10ms"));
    assertTrue(err().contains("--data-idle-timeout") && err().contains("at least 100ms"), err());
    assertEquals(2, run(Map.of("CIRRUS_DATA_IDLE_TIMEOUT", "soon")));
    assertTrue(err().contains("CIRRUS_DATA_IDLE_TIMEOUT") && err().contains("not a duration"), err());
  }

  @ParameterizedTest
  @CsvSource({"500ms,500", "30s,30000", "10m,600000", "2h,7200000", "1d,86400000"})
  void durations_parse(String text, long millis) throws UsageException {
    assertEquals(Duration.ofMillis(millis), Values.duration("--ttl", text));
  }

  @ParameterizedTest
  @CsvSource({"1048576,1048576", "64k,65536", "512m,536870912", "2g,2147483648", "1KiB,1024"})
  void sizes_parse(String text, long bytes) throws UsageException {
    assertEquals(bytes, Values.size("--memory-budget", text));
  }

  @Test
  void badDuration_namesWhatIsAllowed() {
    UsageException e = assertThrows(UsageException.class, () -> Values.duration("--ttl", "10 minutes"));
    assertTrue(e.getMessage().contains("500ms, 30s, 10m, 2h or 1d"), e.getMessage());
  }

  @Test
  void token_printsTokenSignedWithDataDirKey_withAccountPermissionsAndTtl() throws IOException {
    var key = SigningKeys.loadOrCreate(dataDir).current().secret();
    assertEquals(0, run(Map.of(), "token", "--account", "acme", "--ttl", "2h",
        "--permissions", "read,write", "--data-dir", dataDir.toString()));

    Claims claims = Jwts.parser().verifyWith(key).build()
        .parseSignedClaims(out().trim()).getPayload();
    assertEquals("acme", claims.getSubject());
    assertEquals(List.of("read", "write"), claims.get("perm"));
    assertEquals("cirrus://127.0.0.1:7070", claims.get("cirrus_endpoint"));
    long ttl = claims.getExpiration().getTime() - claims.getIssuedAt().getTime();
    assertEquals(Duration.ofHours(2).toMillis(), ttl, 1_000);
  }

  @Test
  void token_operatorOnlyWhenNamed() throws IOException {
    var key = SigningKeys.loadOrCreate(dataDir).current().secret();
    assertEquals(0, run(Map.of(), "token", "--account", "ops", "--permissions", "operator",
        "--data-dir", dataDir.toString()));
    assertEquals(List.of("operator"), Jwts.parser().verifyWith(key).build()
        .parseSignedClaims(out().trim()).getPayload().get("perm"));
  }

  @Test
  void token_withoutPermissions_getsReadWriteControl_neverOperator() throws IOException {
    var key = SigningKeys.loadOrCreate(dataDir).current().secret();
    assertEquals(0, run(Map.of(), "token", "--account", "acme", "--data-dir", dataDir.toString()));
    assertEquals(List.of("read", "write", "control"), Jwts.parser().verifyWith(key).build()
        .parseSignedClaims(out().trim()).getPayload().get("perm"));
  }

  @Test
  void metricsPublic_offByDefault_onFromFlagOrEnvironment() throws UsageException {
    assertFalse(config(Map.of()).metricsPublic());
    assertTrue(config(Map.of(), "--metrics-public", "true").metricsPublic());
    assertTrue(config(Map.of("CIRRUS_METRICS_PUBLIC", "true")).metricsPublic());
  }

  @Test
  void cacheMetrics_onByDefault_offFromFlagOrEnvironment_otherValuesRefused() {
    assertTrue(assertDoesNotThrow(() -> config(Map.of())).cacheMetrics());
    assertFalse(assertDoesNotThrow(() -> config(Map.of(), "--cache-metrics", "off")).cacheMetrics());
    assertFalse(assertDoesNotThrow(() -> config(Map.of("CIRRUS_CACHE_METRICS", "off")))
        .cacheMetrics());
    UsageException e = assertThrows(UsageException.class,
        () -> config(Map.of(), "--cache-metrics", "sometimes"));
    assertTrue(e.getMessage().contains("'sometimes' is not on or off"), e.getMessage());
  }

  @Test
  void token_withoutAccount_exit2() {
    assertEquals(2, run(Map.of(), "token", "--data-dir", dataDir.toString()));
    assertTrue(err().contains("--account is required"), err());
  }

  @Test
  void token_unknownPermission_exit2() throws IOException {
    SigningKeys.loadOrCreate(dataDir);
    assertEquals(2, run(Map.of(), "token", "--account", "a", "--permissions", "read,admin",
        "--data-dir", dataDir.toString()));
    assertTrue(err().contains("'admin' is not a permission"), err());
  }

  @Test
  void token_withoutKey_exit1_sayingHowToCreateIt() {
    assertEquals(1, run(Map.of(), "token", "--account", "a", "--data-dir", dataDir.resolve("none").toString()));
    assertTrue(err().contains("start the server once"), err());
  }

  @Test
  void tls_bothFilesGiven_configuresTls() throws Exception {
    Path cert = Files.writeString(dataDir.resolve("cert.pem"), "c");
    Path key = Files.writeString(dataDir.resolve("key.pem"), "k");
    ServerConfig config = config(Map.of("CIRRUS_TLS_KEY", key.toString()), "--tls-cert", cert.toString());
    assertTrue(config.usesTls());
    assertEquals(cert, config.tls().certificateChain());
    assertEquals(key, config.tls().privateKey());
    assertFalse(config(Map.of()).usesTls());
  }

  @Test
  void tls_onlyOneFile_exit2_sayingBothOrNeither() throws Exception {
    Path cert = Files.writeString(dataDir.resolve("cert.pem"), "c");
    assertEquals(2, run(Map.of(), "--tls-cert", cert.toString()));
    assertTrue(err().contains("--tls-cert needs its partner"), err());
    assertTrue(err().contains("or neither"), err());
  }

  @Test
  void tls_unreadableFile_exit2_namingTheFlagAndFile() throws Exception {
    Path cert = Files.writeString(dataDir.resolve("cert.pem"), "c");
    assertEquals(2, run(Map.of("CIRRUS_TLS_CERT", cert.toString()),
        "--tls-key", dataDir.resolve("nope.pem").toString()));
    assertTrue(err().contains("--tls-key") && err().contains("nope.pem"), err());
  }

  @Test
  void help_mentionsTlsAndKeys() {
    assertEquals(0, run(Map.of(), "--help"));
    assertTrue(out().contains("--tls-cert FILE") && out().contains("CIRRUS_TLS_KEY"), out());
    assertTrue(out().contains("keys --help"), out());
  }

  @Test
  void token_withCaches_carriesTheList_andTheCurrentKeyId() throws IOException {
    var key = SigningKeys.loadOrCreate(dataDir).current();
    assertEquals(0, run(Map.of(), "token", "--account", "acme", "--caches", " users , orders,users",
        "--data-dir", dataDir.toString()));
    var jws = Jwts.parser().verifyWith(key.secret()).build().parseSignedClaims(out().trim());
    assertEquals(List.of("orders", "users"), jws.getPayload().get("caches"));
    assertEquals(key.id(), jws.getHeader().getKeyId());
  }

  @Test
  void token_withEmptyCaches_exit2() throws IOException {
    SigningKeys.loadOrCreate(dataDir);
    assertEquals(2, run(Map.of(), "token", "--account", "a", "--caches", " , ",
        "--data-dir", dataDir.toString()));
    assertTrue(err().contains("no cache names given"), err());
  }

  @Test
  void token_withoutCaches_hasNoCachesClaim() throws IOException {
    var key = SigningKeys.loadOrCreate(dataDir).current();
    assertEquals(0, run(Map.of(), "token", "--account", "acme", "--data-dir", dataDir.toString()));
    Claims claims = Jwts.parser().verifyWith(key.secret()).build()
        .parseSignedClaims(out().trim()).getPayload();
    assertFalse(claims.containsKey("caches"));
    assertTrue(claims.getExpiration() != null, "tokens always expire");
  }

  @Test
  void token_tls_writesTheTlsEndpoint() throws IOException {
    var key = SigningKeys.loadOrCreate(dataDir).current();
    assertEquals(0, run(Map.of("CIRRUS_TLS", "true"), "token", "--account", "acme",
        "--host", "cache.example", "--port", "7443", "--data-dir", dataDir.toString()));
    Claims claims = Jwts.parser().verifyWith(key.secret()).build()
        .parseSignedClaims(out().trim()).getPayload();
    assertEquals("cirrus+tls://cache.example:7443", claims.get("cirrus_endpoint"));
  }
}
