package dev.cirrus.server.reliability;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.Requests;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that are not HTTP/2 at all, written to the gRPC port from raw sockets: the server drops
 * those connections and keeps serving everyone else.
 */
class GarbageBytesTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final long SEED = 20_261_122L;

  static Stream<Arguments> garbage() {
    Random random = new Random(SEED);
    byte[] noise = new byte[64 * 1024];
    random.nextBytes(noise);
    byte[] prefaceThenNoise = new byte[PREFACE.length + 4096];
    System.arraycopy(PREFACE, 0, prefaceThenNoise, 0, PREFACE.length);
    for (int i = PREFACE.length; i < prefaceThenNoise.length; i++) {
      prefaceThenNoise[i] = (byte) random.nextInt(256);
    }
    return Stream.of(
        Arguments.of("random bytes (seed " + SEED + ")", noise),
        Arguments.of("an HTTP/1.1 request",
            "GET /cirrus.v1.DataPlane/Get HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("an HTTP/1.1 upgrade to h2c",
            ("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("a TLS client hello", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00}),
        Arguments.of("the HTTP/2 preface, then random frames", prefaceThenNoise));
  }

  @AfterEach
  void everyoneElseIsStillServed() {
    String cache = server.newCache();
    Requests.put(server.data(), cache, "k", "v");
    assertEquals(bytes("v"), Requests.get(server.data(), cache, "k").getValue());
    HealthCheckResponse health = HealthGrpc.newBlockingStub(server.channel())
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void garbage_connectionIsDropped(String what, byte[] bytes) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        return; // the server closed while we were still writing: dropped, as it should be
      }
      assertClosedByServer(socket.getInputStream());
    }
  }

  @Test
  void truncatedPreface_thenClose_harmless() throws IOException {
    for (int cut = 1; cut < PREFACE.length; cut += 4) {
      try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
        socket.getOutputStream().write(PREFACE, 0, cut);
        socket.getOutputStream().flush();
      }
    }
  }

  @Test
  void connectionsStalledMidPreface_doNotBlockOtherClients() throws IOException {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket socket = new Socket("127.0.0.1", server.server().port());
        socket.getOutputStream().write(PREFACE, 0, 10);
        socket.getOutputStream().flush();
        stalled.add(socket);
      }
      // While they hang there, a normal client is served.
      String cache = server.newCache();
      Requests.put(server.data(), cache, "k", "v");
      assertTrue(Requests.get(server.data(), cache, "k").getFound());
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  @Test
  void manyGarbageConnectionsAtOnce_serverKeepsServing() throws Exception {
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      long seed = SEED + i;
      Thread writer = new Thread(() -> {
        byte[] noise = new byte[8192];
        new Random(seed).nextBytes(noise);
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
          socket.getOutputStream().write(noise);
          socket.getOutputStream().flush();
        } catch (IOException e) {
          // dropped by the server mid-write: fine
        }
      });
      writer.start();
      writers.add(writer);
    }
    for (Thread writer : writers) {
      writer.join(10_000);
    }
  }

  private static void assertClosedByServer(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // drain whatever the server says before closing (a GOAWAY frame, for instance)
      }
    } catch (SocketTimeoutException e) {
      fail("the server kept a connection open that sent garbage");
    } catch (IOException e) {
      // reset by the server: closed too
    }
  }
}
