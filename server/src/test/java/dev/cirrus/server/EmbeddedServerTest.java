package dev.cirrus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.testing.ServerCalls;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The starter every test server comes from: loopback, free ports, a data dir of its own. */
class EmbeddedServerTest {

  @Test
  void start_servesOnLoopbackFreePorts_andNamesItsUri() throws Exception {
    try (EmbeddedServer cirrus = EmbeddedServer.start()) {
      CirrusServer server = cirrus.server();
      assertEquals("127.0.0.1", server.host());
      assertNotEquals(0, server.port());
      assertNotEquals(0, server.dataPort());
      assertNotEquals(server.port(), server.dataPort());
      assertEquals(URI.create("cirrus://127.0.0.1:" + server.port()), cirrus.uri());
      assertTrue(Files.isDirectory(cirrus.dataDir()));
    }
  }

  @Test
  void twoServers_getTheirOwnPortsAndDataDirs() throws Exception {
    try (EmbeddedServer one = EmbeddedServer.start(); EmbeddedServer two = EmbeddedServer.start()) {
      assertNotEquals(one.uri(), two.uri());
      assertNotEquals(one.dataDir(), two.dataDir());
    }
  }

  @Test
  void close_deletesTheDataDir_andMayBeRepeated() throws Exception {
    EmbeddedServer cirrus = EmbeddedServer.start();
    Path dataDir = cirrus.dataDir();
    cirrus.close();
    cirrus.close();
    assertFalse(Files.exists(dataDir));
  }

  @Test
  void customizer_adjustsTheConfig() throws Exception {
    Limits limits = Limits.defaults().toBuilder().maxKeyBytes(64).build();
    try (EmbeddedServer cirrus = EmbeddedServer.start(b -> b.limits(limits)
        .dataPort(ServerConfig.DATA_PORT_OFF))) {
      assertEquals(limits, cirrus.server().config().limits());
      assertEquals(0, cirrus.server().dataPort());
    }
  }

  @Test
  void aDataDirTheCustomizerNames_isKept(@TempDir Path dir) throws Exception {
    Path mine = dir.resolve("mine");
    try (EmbeddedServer cirrus = EmbeddedServer.start(b -> b.dataDir(mine))) {
      assertEquals(mine, cirrus.dataDir());
    }
    assertTrue(Files.isDirectory(mine));
  }

  @Test
  void tokens_nameTheAccount_andCarryOnlyTheGivenPermissions() throws Exception {
    try (EmbeddedServer cirrus = EmbeddedServer.start()) {
      String account = EmbeddedServer.freshAccount();
      assertEquals(account, ServerCalls.describeAccount(cirrus.server(), cirrus.token(account)));
      String readOnly = cirrus.token(account, Duration.ofMinutes(1), Permission.READ);
      assertEquals(account, ServerCalls.describeAccount(cirrus.server(), readOnly));
      assertNotEquals(EmbeddedServer.freshAccount(), EmbeddedServer.freshAccount());
    }
  }

  @Test
  void restart_keepsPortsDataDirAndTokens() throws Exception {
    try (EmbeddedServer cirrus = EmbeddedServer.start()) {
      CirrusServer first = cirrus.server();
      int port = first.port();
      int dataPort = first.dataPort();
      String token = cirrus.token("acme");
      cirrus.stop();
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());

      cirrus.restart();
      assertNotEquals(first, cirrus.server());
      assertEquals(port, cirrus.server().port());
      assertEquals(dataPort, cirrus.server().dataPort());
      assertEquals("acme", ServerCalls.describeAccount(cirrus.server(), token));
    }
  }

  @Test
  void aFailedStart_leavesNoDataDirBehind() throws IOException {
    Path[] seen = new Path[1];
    assertThrows(IllegalArgumentException.class, () -> EmbeddedServer.start(b -> {
      seen[0] = b.build().dataDir();
      return b.memoryBudgetBytes(-1);
    }));
    assertFalse(Files.exists(seen[0]));
  }
}
