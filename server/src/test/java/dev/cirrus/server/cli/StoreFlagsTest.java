package dev.cirrus.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.store.redis.RedisTarget;
import dev.cirrus.server.testing.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --store} and the store's password from flags, files and the environment. */
class StoreFlagsTest {
  @TempDir
  Path dir;

  private static ServerConfig config(Map<String, String> env, String... args) throws UsageException {
    return ServeCommand.config(Arguments.parse(List.of(args), env));
  }

  @Test
  void memory_isTheDefault() throws UsageException {
    assertNull(config(Map.of()).redisStore());
    assertNull(config(Map.of(), "--store", "memory").redisStore());
  }

  @Test
  void redisSeeds_fromTheFlag_orTheEnvironment_withTls() throws UsageException {
    RedisTarget flag = config(Map.of(), "--store", "redis://10.0.0.1:7000,[::1]:7001").redisStore();
    assertEquals(List.of(new RedisTarget.HostPort("10.0.0.1", 7000), new RedisTarget.HostPort("::1", 7001)),
        flag.nodes());
    assertEquals(false, flag.tls());
    RedisTarget env = config(Map.of("CIRRUS_STORE", "rediss://h:6380")).redisStore();
    assertTrue(env.tls());
    assertEquals(List.of(new RedisTarget.HostPort("h", 6380)), env.nodes());
  }

  @Test
  void password_fromAFile_orTheEnvironment_neverShown() throws Exception {
    Path file = Files.writeString(dir.resolve("redis-password"), "s3cret\n");
    RedisTarget fromFile = config(Map.of(), "--store", "redis://h:1",
        "--store-password-file", file.toString()).redisStore();
    assertEquals("s3cret", fromFile.password());
    assertTrue(!fromFile.toString().contains("s3cret"), fromFile.toString());
    RedisTarget fromEnv = config(Map.of("CIRRUS_STORE_PASSWORD", "pw"), "--store", "redis://h:1")
        .redisStore();
    assertEquals("pw", fromEnv.password());
  }

  @Test
  void caFile_forRediss_isCheckedAtStart_andRefusedWithoutTls() throws Exception {
    Path ca = SelfSignedCertificate.create(dir, "redis").certificate();
    RedisTarget target = config(Map.of("CIRRUS_STORE_CA_FILE", ca.toString()),
        "--store", "rediss://h:6380").redisStore();
    assertEquals(ca, target.caFile());
    UsageException plain = assertThrows(UsageException.class,
        () -> config(Map.of(), "--store", "redis://h:1", "--store-ca-file", ca.toString()));
    assertTrue(plain.getMessage().contains("--store-ca-file") && plain.getMessage().contains("rediss://"),
        plain.getMessage());
    UsageException memory = assertThrows(UsageException.class,
        () -> config(Map.of(), "--store-ca-file", ca.toString()));
    assertTrue(memory.getMessage().contains("--store-ca-file"), memory.getMessage());
    Path notPem = Files.writeString(dir.resolve("not-a-certificate.pem"), "hello\n");
    UsageException bad = assertThrows(UsageException.class,
        () -> config(Map.of(), "--store", "rediss://h:1", "--store-ca-file", notPem.toString()));
    assertTrue(bad.getMessage().contains("--store-ca-file") && bad.getMessage().contains("PEM"),
        bad.getMessage());
  }

  @Test
  void badValues_areRefused_sayingWhatIsAllowed() {
    UsageException scheme = assertThrows(UsageException.class,
        () -> config(Map.of(), "--store", "postgres://h:1"));
    assertTrue(scheme.getMessage().contains("--store") && scheme.getMessage().contains("redis://"),
        scheme.getMessage());
    UsageException port = assertThrows(UsageException.class,
        () -> config(Map.of(), "--store", "redis://h:99999"));
    assertTrue(port.getMessage().contains("1..65535"), port.getMessage());
    UsageException inline = assertThrows(UsageException.class,
        () -> config(Map.of(), "--store", "redis://user:pw@h:1"));
    assertTrue(inline.getMessage().contains("CIRRUS_STORE_PASSWORD"), inline.getMessage());
    UsageException missing = assertThrows(UsageException.class,
        () -> config(Map.of(), "--store", "redis://h:1", "--store-password-file",
            dir.resolve("absent").toString()));
    assertTrue(missing.getMessage().contains("--store-password-file"), missing.getMessage());
  }

  @Test
  void unreachableStore_failsTheStart_sayingWhatToCheck() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of("--port", "0", "--data-dir", dir.toString(),
            "--store", "redis://127.0.0.1:" + port),
        Map.of(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, message);
    assertTrue(message.contains("cannot use the Redis store at redis://127.0.0.1:" + port), message);
  }

  @Test
  void help_listsTheStoreFlags() {
    String help = ServeCommand.help();
    assertTrue(help.contains("--store") && help.contains("CIRRUS_STORE")
        && help.contains("--store-password-file") && help.contains("CIRRUS_STORE_PASSWORD")
        && help.contains("--store-ca-file") && help.contains("CIRRUS_STORE_CA_FILE"), help);
  }
}
