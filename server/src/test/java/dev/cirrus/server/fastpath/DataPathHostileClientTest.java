package dev.cirrus.server.fastpath;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that try to run the data path out of memory or connections, with the server's default
 * bounds: the server holds only what arrived, answers what it refuses, and keeps serving others.
 */
class DataPathHostileClientTest {
  @RegisterExtension
  static final CirrusServerExtension SERVER = new CirrusServerExtension();

  /** The largest frame the default server accepts: the largest request, its kind and method. */
  private static final int MAX_FRAME = Limits.defaults().maxInboundMessageBytes() + 2;

  private RawDataConnection authenticated() throws IOException {
    RawDataConnection connection = new RawDataConnection(SERVER.server().dataPort());
    connection.hello("Bearer " + SERVER.token(ACCOUNT), CLIENT_ID);
    assertEquals(Frames.OK, connection.read().kind());
    return connection;
  }

  /** A REQUEST frame's header announcing {@code length} bytes (kind included), then {@code sent} of them. */
  private static byte[] startOfFrame(int length, int sent) {
    return ByteBuffer.allocate(5 + sent).putInt(length).put(Frames.REQUEST).array();
  }

  private static long heapUsedAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      least = Math.min(least,
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  @Test
  void framesAnnouncingTheLimit_butBarelySent_holdOnlyWhatArrived() throws Exception {
    int connections = 48;
    int sent = 64 * 1024;
    long before = heapUsedAfterGc();
    List<RawDataConnection> open = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        RawDataConnection connection = authenticated();
        open.add(connection);
        connection.write(startOfFrame(MAX_FRAME, sent));
      }
      Thread.sleep(1_000); // every connection's thread has read what was sent
      long grown = heapUsedAfterGc() - before;
      // The frames announce 48 x 16 MiB = 768 MiB; 3 MiB of them arrived.
      assertTrue(grown < 64L << 20, "the heap grew by " + (grown >> 20) + " MiB for "
          + connections + " frames of which " + (connections * (long) sent >> 10) + " KiB arrived");
    } finally {
      for (RawDataConnection connection : open) {
        connection.close();
      }
    }
    assertStillServes();
  }

  @Test
  void frameOverTheLimit_sentInFull_isAnsweredWithTheLimits_notReset() throws IOException {
    int length = MAX_FRAME + 1_000;
    try (RawDataConnection connection = authenticated()) {
      // The whole frame, as a client that does not know the limit sends it: the write must not
      // fail with a reset, and the answer must name the limit and the value limit.
      connection.write(startOfFrame(length, length - 1));
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(connection.read());
      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code());
      assertTrue(refusal.description().contains(
          "frame of " + length + " bytes over the limit of " + MAX_FRAME + " bytes"),
          refusal.description());
      assertTrue(refusal.description().contains(
          Limits.defaults().maxValueBytes() + " bytes (--max-value-bytes)"), refusal.description());
      assertEquals(Frames.GOODBYE, connection.read().kind());
      assertNull(connection.read());
    }
    assertStillServes();
  }

  @Test
  void connectionsThatNeverSayHello_areRefusedBeyondTheirOwnBudget_andAuthenticatedOnesGoOn()
      throws IOException {
    List<RawDataConnection> silent = new ArrayList<>();
    try (RawDataConnection served = authenticated()) {
      for (int i = 0; i < 80; i++) {
        silent.add(new RawDataConnection(SERVER.server().dataPort()));
      }
      // Beyond the budget of connections that have not said hello (64 by default) the server
      // answers at once, rather than letting them hold slots authenticated clients need.
      RawDataConnection.Refusal refusal = RawDataConnection.refusal(silent.get(79).read());
      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code());
      assertTrue(refusal.description().contains("hello"), refusal.description());
      assertTrue(refusal.description().contains("--data-max-unauthenticated"),
          refusal.description());

      served.request(V1Method.SET.number(), set(SERVER.newCache(), "k", "v"));
      assertEquals(Frames.OK, served.read().kind());
    } finally {
      for (RawDataConnection connection : silent) {
        connection.close();
      }
    }
  }

  private static SetRequest set(String cache, String key, String value) {
    return SetRequest.newBuilder().setCache(cache).setWrite(Write.newBuilder()
        .setKey(bytes(key)).setValue(bytes(value))).build();
  }

  private void assertStillServes() throws IOException {
    try (RawDataConnection connection = authenticated()) {
      connection.request(V1Method.SET.number(), set(SERVER.newCache(), "after", "v"));
      assertEquals(Frames.OK, connection.read().kind());
    }
  }
}
