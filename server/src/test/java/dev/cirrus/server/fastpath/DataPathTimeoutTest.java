package dev.cirrus.server.fastpath;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.server.testing.CirrusServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;

/**
 * Every wait of the data path for a client is bounded: a connection idle past the idle timeout is
 * told GOODBYE and closed, one that stalls in its hello or in the middle of a frame is dropped,
 * and none of them holds a thread.
 */
class DataPathTimeoutTest {
  private static final Duration IDLE = Duration.ofMillis(400);
  /** Generous beside the bounds above: the watchdog checks a few times per bound, on a busy machine. */
  private static final Duration WITHIN = Duration.ofSeconds(5);

  @RegisterExtension
  static final CirrusServerExtension SERVER =
      new CirrusServerExtension(b -> b.dataIdleTimeout(IDLE));

  private RawDataConnection authenticated() throws IOException {
    RawDataConnection connection = new RawDataConnection(SERVER.server().dataPort());
    connection.hello("Bearer " + SERVER.token(ACCOUNT), CLIENT_ID);
    assertEquals(Frames.OK, connection.read().kind());
    return connection;
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void idleConnection_isToldGoodbye_thenClosed() throws IOException {
    long idleClosed = SERVER.server().dataPathStats().idleClosed();
    try (RawDataConnection connection = authenticated()) {
      long start = System.nanoTime();
      assertEquals(Frames.GOODBYE, connection.read().kind());
      assertNull(connection.read());
      long millis = elapsedMillis(start);
      assertTrue(millis >= IDLE.toMillis() - 50 && millis < WITHIN.toMillis(), millis + " ms");
    }
    assertTrue(SERVER.server().dataPathStats().idleClosed() > idleClosed);
  }

  @Test
  void requestsMoreOftenThanTheIdleTimeout_keepTheConnection() throws Exception {
    String cache = SERVER.newCache();
    try (RawDataConnection connection = authenticated()) {
      long start = System.nanoTime();
      while (elapsedMillis(start) < 3 * IDLE.toMillis()) {
        connection.request(V1Method.GET.number(),
            GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build());
        assertEquals(Frames.OK, connection.read().kind());
        Thread.sleep(IDLE.toMillis() / 4);
      }
    }
  }

  @Test
  void halfAHeader_afterTheHello_isDroppedWithinTheBound() throws IOException {
    long stalled = SERVER.server().dataPathStats().stalledClosed();
    try (RawDataConnection connection = authenticated()) {
      connection.write(new byte[] {0, 0});
      long start = System.nanoTime();
      assertNull(connection.read());
      assertTrue(elapsedMillis(start) < WITHIN.toMillis(), elapsedMillis(start) + " ms");
    }
    assertTrue(SERVER.server().dataPathStats().stalledClosed() > stalled);
  }

  @Test
  void halfAHello_isDroppedWithinTheBound() throws IOException {
    try (RawDataConnection connection = new RawDataConnection(SERVER.server().dataPort())) {
      connection.write(new byte[] {0, 0, 0, 40, Frames.HELLO, 0});
      long start = System.nanoTime();
      assertNull(connection.read());
      assertTrue(elapsedMillis(start) < WITHIN.toMillis(), elapsedMillis(start) + " ms");
    }
  }

  @Test
  void closedConnections_leaveTheCounts_andNoneHoldsAThread() throws Exception {
    LongSupplier dataThreads = () -> Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("cirrus-data")).count();
    // Connections of earlier tests may still be ending.
    awaitAtMost(() -> SERVER.server().dataPathStats().openConnections(), 0);
    long threadsBefore = dataThreads.getAsLong();
    List<RawDataConnection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        connections.add(authenticated());
      }
      assertEquals(8, SERVER.server().dataPathStats().openConnections());
      // The event loops serve them all: no thread is started for a connection.
      assertTrue(dataThreads.getAsLong() <= Math.max(threadsBefore,
          Runtime.getRuntime().availableProcessors()), dataThreads.getAsLong() + " threads");
      connections.get(0).write(new byte[] {0});
      awaitAtMost(() -> SERVER.server().dataPathStats().openConnections(), 0);
    } finally {
      for (RawDataConnection connection : connections) {
        connection.close();
      }
    }
  }

  private static void awaitAtMost(LongSupplier count, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (count.getAsLong() > expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(expected, count.getAsLong());
  }
}
