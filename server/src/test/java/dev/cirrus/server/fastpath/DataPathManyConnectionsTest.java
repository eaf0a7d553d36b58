package dev.cirrus.server.fastpath;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many idle clients on the data path cost the server sockets, not threads: 2,000 authenticated
 * connections held open add no more than a handful of threads to the server's JVM, and one more
 * connection beside them is answered throughout.
 */
class DataPathManyConnectionsTest {
  private static final int IDLE = 2_000;
  /** Below the default budget of connections still to say hello (64). */
  private static final int OPENED_AT_ONCE = 50;

  @RegisterExtension
  static final CirrusServerExtension SERVER = new CirrusServerExtension(b -> b.dataPathLimits(
      DataPathLimits.defaults().withMaxConnections(IDLE + 10)
          .withMaxConnectionsPerAddress(IDLE + 10).withMaxConnectionsPerAccount(IDLE + 10)));

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void twoThousandIdleConnections_holdNoThreadEach_andAnActiveOneIsServedBeside() throws Exception {
    String cache = SERVER.newCache();
    String token = "Bearer " + SERVER.token(ACCOUNT);
    RawDataConnection active = new RawDataConnection(SERVER.server().dataPort());
    List<RawDataConnection> idle = new ArrayList<>();
    try {
      active.hello(token, "active");
      assertEquals(Frames.OK, active.read().kind());
      active.request(V1Method.SET.number(), SetRequest.newBuilder().setCache(cache)
          .setWrite(Write.newBuilder().setKey(bytes("k")).setValue(bytes("v"))).build());
      assertEquals(Frames.OK, active.read().kind());
      int threadsBefore = Thread.activeCount();

      long start = System.nanoTime();
      while (idle.size() < IDLE) {
        List<RawDataConnection> opening = new ArrayList<>();
        for (int i = 0; i < OPENED_AT_ONCE; i++) {
          RawDataConnection connection = new RawDataConnection(SERVER.server().dataPort());
          idle.add(connection);
          opening.add(connection);
          connection.hello(token, "idle");
        }
        for (RawDataConnection connection : opening) {
          assertEquals(Frames.OK, connection.read().kind());
        }
      }
      long openedMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(IDLE + 1, SERVER.server().dataPathStats().openConnections());

      long[] nanos = timedGets(active, cache, 500);
      int threadsBeside = Thread.activeCount();
      System.out.printf("%d idle connections opened in %d ms; threads %d before, %d beside them;"
          + " an active connection's get beside them: p50 %d us, p99 %d us%n", IDLE, openedMillis,
          threadsBefore, threadsBeside, nanos[nanos.length / 2] / 1_000,
          nanos[nanos.length * 99 / 100] / 1_000);
      // One thread per connection would have added 2,000.
      assertTrue(threadsBeside - threadsBefore <= 5,
          "threads grew from " + threadsBefore + " to " + threadsBeside);
    } finally {
      for (RawDataConnection connection : idle) {
        connection.close();
      }
    }
    // Their places are given back, and the active one goes on.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (SERVER.server().dataPathStats().openConnections() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(1, SERVER.server().dataPathStats().openConnections());
    timedGets(active, cache, 10);
    active.close();
  }

  /** The round trips of {@code count} gets of a stored entry, sorted. */
  private static long[] timedGets(RawDataConnection connection, String cache, int count)
      throws IOException {
    GetRequest get = GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build();
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      connection.request(V1Method.GET.number(), get);
      Frames.Frame answer = connection.read();
      nanos[i] = System.nanoTime() - start;
      assertEquals(Frames.OK, answer.kind());
      assertEquals(bytes("v"), GetResponse.parseFrom(answer.payload()).getResult().getValue());
    }
    Arrays.sort(nanos);
    return nanos;
  }
}
