package dev.cirrus.server.fastpath;

import static dev.cirrus.server.fastpath.RawDataConnection.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.CirrusServices;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.cirrus.wire.Frames;

/** The data path's port across a server's life: its default, its bound, and a prompt close. */
class DataPathLifecycleTest {
  private Path dataDir;

  @BeforeEach
  void dataDir() throws IOException {
    dataDir = Files.createTempDirectory("cirrus-data-path-");
  }

  @AfterEach
  void cleanUp() throws IOException {
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  @Test
  void dataPort_defaultsToTheNextPort_alsoWithTls_andIsOffWhenAskedTo() {
    ServerConfig.Builder config = ServerConfig.builder().dataDir(dataDir);
    assertEquals(7071, config.port(7070).build().effectiveDataPort());
    assertEquals(0, config.port(0).build().effectiveDataPort());
    assertEquals(9000, config.port(7070).dataPort(9000).build().effectiveDataPort());
    assertEquals(ServerConfig.DATA_PORT_OFF,
        config.dataPort(ServerConfig.DATA_PORT_OFF).build().effectiveDataPort());
    assertEquals(7071, config.port(7070).dataPort(ServerConfig.DATA_PORT_DEFAULT)
        .tls(dataDir.resolve("cert.pem"), dataDir.resolve("key.pem")).build().effectiveDataPort());
  }

  @Test
  void close_saysGoodbyeToIdleConnections_andStopsListening() throws IOException {
    CirrusServer server = CirrusServer.start(
        ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).build());
    int port = server.dataPort();
    String token = server.tokens().issue("acme", Duration.ofHours(1));
    try (RawDataConnection connection = new RawDataConnection(port)) {
      connection.hello("Bearer " + token, "client");
      assertEquals(Frames.OK, connection.read().kind());

      long start = System.nanoTime();
      server.close();
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(),
          "close took " + (System.nanoTime() - start) / 1_000_000 + " ms");
      assertEquals(Frames.GOODBYE, connection.read().kind());
      assertNull(connection.read());
    }
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  @Test
  void connectionsBeyondTheBound_areRefused() throws IOException {
    ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).build();
    try (CirrusServices services = CirrusServices.create(config, SigningKeys.loadOrCreate(dataDir));
        DataPathListener listener = DataPathListener.start("127.0.0.1", 0, services.dataRequests(),
            new DataPathOptions(1 << 20, 1 << 20, null, Duration.ofMinutes(5),
                DataPathLimits.defaults().withMaxConnections(1)));
        RawDataConnection first = new RawDataConnection(listener.port());
        RawDataConnection second = new RawDataConnection(listener.port())) {
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(second.read());
      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code());
      assertTrue(refusal.description().contains("1 data path connections"), refusal.description());
      assertEquals(Frames.GOODBYE, second.read().kind());
      assertNull(second.read());

      // The first is served: its malformed hello is answered, not dropped.
      first.write(frame(Frames.HELLO, new byte[] {0, 0, 0, 9}));
      assertEquals(Status.Code.INVALID_ARGUMENT.value(), RawDataConnection.refusal(first.read()).code());
    }
  }
}
