package dev.cirrus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.ServerCalls;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's lifecycle: signing key persistence, ports, idempotent close. */
class RestartTest {
  private Path dataDir;

  @BeforeEach
  void setUp() throws IOException {
    dataDir = Files.createTempDirectory("cirrus-restart-");
  }

  @AfterEach
  void tearDown() throws IOException {
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  private CirrusServer start(Path dir) throws IOException {
    return CirrusServer.start(ServerConfig.builder().port(0).dataDir(dir).build());
  }

  @Test
  void tokenFromFirstRun_validAfterRestart_withSameDataDir() throws Exception {
    String token;
    try (CirrusServer first = start(dataDir)) {
      token = first.tokens().issue("acme", Duration.ofHours(1));
      assertEquals("acme", ServerCalls.describeAccount(first, token));
    }
    try (CirrusServer second = start(dataDir)) {
      assertEquals("acme", ServerCalls.describeAccount(second, token));
    }
  }

  @Test
  void tokenOfAnotherDataDir_rejected() throws Exception {
    Path other = Files.createTempDirectory("cirrus-other-");
    try (CirrusServer first = start(other); CirrusServer second = start(dataDir)) {
      String foreign = first.tokens().issue("acme", Duration.ofHours(1));
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> ServerCalls.describeAccount(second, foreign));
      assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    } finally {
      CirrusServerExtension.deleteRecursively(other);
    }
  }

  @Test
  void signingKey_createdOwnerOnly_andReused() throws Exception {
    try (CirrusServer server = start(dataDir)) {
      assertTrue(server.port() > 0);
    }
    Path key = dataDir.resolve(SigningKeys.DIRECTORY_NAME).resolve("k1.key");
    String first = Files.readString(key);
    if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
    start(dataDir).close();
    assertEquals(first, Files.readString(key));
  }

  @Test
  void endpoint_namesHostAndBoundPort() throws Exception {
    try (CirrusServer server = start(dataDir)) {
      assertNotEquals(0, server.port());
      assertEquals("127.0.0.1", server.host());
      assertEquals("cirrus://127.0.0.1:" + server.port(), server.endpoint());
    }
  }

  @Test
  void close_isIdempotent_andFreesThePort() throws Exception {
    CirrusServer server = start(dataDir);
    int port = server.port();
    server.close();
    server.close();
    try (ServerSocket socket = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertEquals(port, socket.getLocalPort());
    }
  }

  @Test
  void start_onBusyPort_failsNamingThePort() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      IOException e = assertThrows(IOException.class, () -> CirrusServer.start(
          ServerConfig.builder().port(busy.getLocalPort()).dataDir(dataDir).build()));
      assertTrue(e.getMessage().contains(":" + busy.getLocalPort()), e.getMessage());
    }
  }

  @Test
  void config_defaults_matchTheCommandLineDefaults() {
    ServerConfig config = ServerConfig.builder().build();
    assertEquals("127.0.0.1", config.host());
    assertEquals(7070, config.port());
    assertEquals(Path.of(".cirrus"), config.dataDir());
    assertTrue(config.devMode());
    assertTrue(config.memoryBudgetBytes() > 0);
  }
}
