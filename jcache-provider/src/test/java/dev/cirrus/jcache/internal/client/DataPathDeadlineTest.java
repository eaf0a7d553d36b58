package dev.cirrus.jcache.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.wire.Frames;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The data path's connections read without a socket timeout; a call's deadline is kept by
 * closing its connection when it overruns. Against a data port that stalls where the test says,
 * calls end at their deadline with the error that names it, hellos at the connect timeout, and
 * slow answers within the deadline keep their connection.
 */
class DataPathDeadlineTest {
  private static final GetRequest GET = GetRequest.newBuilder().setCache("c")
      .setKey(ByteString.copyFromUtf8("k")).build();

  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();
  private StallingPort port;
  private FastDataPath path;

  @AfterEach
  void close() throws IOException {
    if (path != null) {
      path.close();
    }
    port.close();
    deadlines.shutdownNow();
  }

  private FastDataPath path(Duration callTimeout, Duration connectTimeout) {
    return path(callTimeout, connectTimeout, FastDataPath.DEFAULT_MAX_CONNECTIONS);
  }

  private FastDataPath path(Duration callTimeout, Duration connectTimeout, int connections) {
    ClientSettings settings = new ClientSettings(Endpoint.parse("cirrus://127.0.0.1:1"), "t",
        callTimeout, connectTimeout, "deadline-test", null, DataPathMode.AUTO);
    path = new FastDataPath(new InetSocketAddress("127.0.0.1", port.port()), settings, null,
        Duration.ZERO, connections);
    return path;
  }

  /** How a read that ran past its deadline ended, and after how long. */
  private record Late(StatusRuntimeException failure, long millis) {}

  /** A read through {@code fast}, a path of 300 ms calls, that must end DEADLINE_EXCEEDED. */
  private static Late readPastItsDeadline(FastDataPath fast) {
    long start = System.nanoTime();
    StatusRuntimeException late = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(StatusRuntimeException.class, () -> fast.read(GET)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode(), late.toString());
    assertTrue(millis >= 300, "ended after " + millis + " ms, before its 300 ms deadline");
    return new Late(late, millis);
  }

  @Test
  void aCallNeverAnswered_endsAtItsDeadline_andItsConnectionIsClosed() throws Exception {
    port = new StallingPort(0, -1);
    Late late = readPastItsDeadline(path(Duration.ofMillis(300), Duration.ofSeconds(2)));
    assertTrue(late.failure().getMessage().contains("within 300 ms"), late.failure().getMessage());
    assertTrue(late.millis() < 1_300,
        "ended after " + late.millis() + " ms against a 300 ms deadline");
    assertTrue(port.ended.await(5, TimeUnit.SECONDS), "the overdue connection was left open");
  }

  @Test
  void callsSharingAConnectionNeverAnswered_eachEndsAtItsDeadline() throws Exception {
    port = new StallingPort(0, -1);
    FastDataPath fast = path(Duration.ofMillis(300), Duration.ofSeconds(2), 1);
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try {
      List<Future<Long>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(callers.submit(() -> {
          long start = System.nanoTime();
          StatusRuntimeException late =
              assertThrows(StatusRuntimeException.class, () -> fast.read(GET));
          assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode(), late.toString());
          return (System.nanoTime() - start) / 1_000_000;
        }));
      }
      for (Future<Long> call : calls) {
        long millis = call.get(10, TimeUnit.SECONDS);
        assertTrue(millis >= 300, "ended after " + millis + " ms, before its 300 ms deadline");
        assertTrue(millis < 1_300, "ended after " + millis + " ms against a 300 ms deadline");
      }
    } finally {
      callers.shutdownNow();
    }
    assertTrue(port.requests.get() >= 2, "the calls did not share a connection");
    assertTrue(port.ended.await(5, TimeUnit.SECONDS), "the overdue connection was left open");
  }

  @Test
  void aHelloNeverAnswered_failsWithinTheConnectTimeout() throws Exception {
    port = new StallingPort(-1, -1);
    FastDataPath fast = path(Duration.ofSeconds(5), Duration.ofMillis(300));
    long start = System.nanoTime();
    FastDataPath.UnusableException unusable = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(FastDataPath.UnusableException.class, () -> fast.read(GET)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(FastDataPath.Unusable.BROKEN, unusable.kind());
    assertTrue(unusable.getMessage().contains("hello was not answered"), unusable.getMessage());
    assertTrue(millis < 1_300, "failed after " + millis + " ms against a 300 ms connect timeout");
    assertTrue(port.ended.await(5, TimeUnit.SECONDS), "the unanswered connection was left open");
  }

  @Test
  void aHelloSlowerThanTheCallsDeadline_endsTheCallAtItsDeadline_notTheDataPath() throws Exception {
    // The hello's wait was cut to the 300 ms the call had; a connect timeout of 2 s was not
    // exceeded, so the data path is not to blame (the call is not sent to gRPC, the data path
    // not set aside).
    port = new StallingPort(1_000, 0);
    Late late = readPastItsDeadline(path(Duration.ofMillis(300), Duration.ofSeconds(2)));
    assertTrue(late.millis() < 1_000,
        "ended after " + late.millis() + " ms, after the hello's answer");
  }

  @Test
  void aCallCutShortByAnotherCallsDeadline_goesAgain_andIsAnswered() throws Exception {
    // One connection, answered in order after 1 s each: the first call's answer is due at 1 s,
    // but the second call, sharing the connection with a 150 ms deadline, closes it well before.
    port = new StallingPort(0, 1_000);
    FastDataPath fast = path(Duration.ofSeconds(3), Duration.ofSeconds(2), 1);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      Future<ReadOutcome> first = callers.submit(() -> fast.read(GET));
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (port.requests.get() == 0 && System.nanoTime() < waitUntil) {
        Thread.sleep(1);
      }
      Future<StatusRuntimeException> hurried = callers.submit(() -> assertThrows(
          StatusRuntimeException.class, () -> Context.current()
              .withDeadlineAfter(150, TimeUnit.MILLISECONDS, deadlines)
              .call(() -> fast.read(GET))));
      assertEquals(Status.Code.DEADLINE_EXCEEDED,
          hurried.get(10, TimeUnit.SECONDS).getStatus().getCode());
      assertTrue(first.get(10, TimeUnit.SECONDS).value().isEmpty());
      assertEquals(2, port.accepted.get(), "the first call did not go again on a new connection");
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void answersSlowerThanAnyTickButWithinTheDeadline_keepTheirConnection() throws Exception {
    port = new StallingPort(0, 120);
    FastDataPath fast = path(Duration.ofMillis(400), Duration.ofSeconds(2));
    long start = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fast.read(GET)).value()
          .isEmpty());
    }
    assertTrue((System.nanoTime() - start) / 1_000_000 >= 480, "the answers were not delayed");
    assertEquals(4, port.requests.get());
    assertEquals(1, port.accepted.get(), "a call within its deadline lost its connection");
  }

  /**
   * A data port that answers hellos after {@code helloAfterMillis} and each request after
   * {@code answerAfterMillis}, each never when negative.
   */
  private static final class StallingPort implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    /** Counted down when a connection ends from the client's side. */
    private final CountDownLatch ended = new CountDownLatch(1);

    StallingPort(long helloAfterMillis, long answerAfterMillis) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket socket = server.accept();
            accepted.incrementAndGet();
            Thread serving = new Thread(() -> serve(socket, helloAfterMillis, answerAfterMillis));
            serving.setDaemon(true);
            serving.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void serve(Socket socket, long helloAfterMillis, long answerAfterMillis) {
      try (socket) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        OutputStream out = socket.getOutputStream();
        Frames.read(in, 1 << 20);
        if (helloAfterMillis >= 0) {
          Thread.sleep(helloAfterMillis);
          out.write(Frames.ok());
        }
        while (Frames.read(in, 1 << 20) != null) {
          requests.incrementAndGet();
          if (answerAfterMillis >= 0) {
            Thread.sleep(answerAfterMillis);
            out.write(Frames.ok(GetResponse.getDefaultInstance()));
          }
        }
        ended.countDown();
      } catch (IOException e) {
        ended.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
