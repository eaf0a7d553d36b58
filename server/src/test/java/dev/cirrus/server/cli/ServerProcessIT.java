package dev.cirrus.server.cli;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The executable jar as users run it: a child process, its printed dev token, SIGTERM. */
class ServerProcessIT {
  private Path dataDir;
  private Process process;

  @BeforeEach
  void setUp() throws IOException {
    dataDir = Files.createTempDirectory("cirrus-process-");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  @Test
  void jar_startsPrintsDevToken_servesCalls_andStopsCleanlyOnSigterm() throws Exception {
    int port = freePort();
    long started = System.nanoTime();
    BlockingQueue<String> lines = start(port);
    String listening = lines.poll(20, TimeUnit.SECONDS);
    assertNotNull(listening, "no listening line within 20 s");
    assertTrue(listening.matches("Cirrus \\S+ listening on cirrus://127\\.0\\.0\\.1:" + port
        + " \\(data path on 127\\.0\\.0\\.1:\\d+; HTTP off; data dir .+\\)"), listening);
    long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    String announce = lines.poll(5, TimeUnit.SECONDS);
    assertNotNull(announce);
    assertTrue(announce.startsWith("Development token for account 'dev'"), announce);
    String token = lines.poll(5, TimeUnit.SECONDS);
    assertNotNull(token);
    assertEquals(token, Files.readString(dataDir.resolve("dev-token")).trim());
    assertTrue(lines.poll(5, TimeUnit.SECONDS).startsWith("Use it with:"));
    String warning = lines.poll(5, TimeUnit.SECONDS);
    assertNotNull(warning);
    assertTrue(warning.startsWith("DEVELOPMENT MODE: this token is for trying Cirrus on this"
        + " machine, not for production."), warning);

    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      BearerToken credentials = new BearerToken(token, "process-it");
      ControlPlaneGrpc.newBlockingStub(channel).withCallCredentials(credentials)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .createCache(CreateCacheRequest.newBuilder().setName("orders").build());
      DataPlaneGrpc.DataPlaneBlockingStub data = DataPlaneGrpc.newBlockingStub(channel)
          .withCallCredentials(credentials).withDeadlineAfter(10, TimeUnit.SECONDS);
      data.set(SetRequest.newBuilder().setCache("orders")
          .setWrite(Write.newBuilder().setKey(bytes("id-1")).setValue(bytes("pizza"))).build());
      assertEquals(bytes("pizza"), data.get(GetRequest.newBuilder().setCache("orders")
          .setKey(bytes("id-1")).build()).getResult().getValue());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    // SIGTERM, as Process.destroy() sends it, but through the handle: Process.destroy() also
    // closes our end of the child's stdout, and we want to read its last line.
    assertTrue(process.toHandle().destroy(), "could not send SIGTERM");
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "no exit within 10 s of SIGTERM");
    // 143 = 128 + SIGTERM: the JVM's status after a signal-initiated, hook-completed shutdown.
    int exit = process.exitValue();
    assertTrue(exit == 0 || exit == 143, "exit code " + exit);
    List<String> rest = new ArrayList<>();
    for (String line; (line = lines.poll(5, TimeUnit.SECONDS)) != null; ) {
      rest.add(line);
      if (line.startsWith("Cirrus stopped")) {
        break;
      }
    }
    assertTrue(rest.stream().anyMatch(l -> l.startsWith("Cirrus stopped")),
        () -> "the shutdown hook did not report a clean stop; output after the token: " + rest);
    assertTrue(startupMillis < 10_000, "startup took " + startupMillis + " ms");
  }

  @Test
  void productionMode_printsNoToken_andWritesNone() throws Exception {
    int port = freePort();
    BlockingQueue<String> lines = start(port, "--dev-mode", "false");
    String listening = lines.poll(20, TimeUnit.SECONDS);
    assertNotNull(listening, "no listening line within 20 s");
    String next = lines.poll(5, TimeUnit.SECONDS);
    assertNotNull(next);
    assertTrue(next.startsWith("No development token (production mode). Issue tokens with:"), next);
    assertFalse(Files.exists(dataDir.resolve("dev-token")));
  }

  /** Starts the jar on {@code port} with a fresh data dir; its stdout lines arrive in the queue. */
  private BlockingQueue<String> start(int port, String... flags) throws IOException {
    String jar = System.getProperty("cirrus.serverJar", "target/cirrus-server.jar");
    assertTrue(Files.isRegularFile(Path.of(jar)), "executable jar missing: " + jar);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar, "--port",
        Integer.toString(port), "--data-dir", dataDir.toString()));
    command.addAll(List.of(flags));
    process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("<read failed: " + e + ">");
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
