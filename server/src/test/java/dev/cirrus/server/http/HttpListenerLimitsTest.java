package dev.cirrus.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The listener's bounds on connections and idle time, with limits small enough to reach. */
class HttpListenerLimitsTest {
  private static final Router ROUTES = new Router().add("/ok", call -> HttpReply.json(200, "{}"));

  @Test
  void aConnectionBeyondTheMostIsAnswered503AndClosed_andCounted() throws Exception {
    HttpOptions options = new HttpOptions(2, 4096, 0, Duration.ofSeconds(30), 1, null);
    Router routes = new Router().add("/ok", call -> HttpReply.json(200, "{}"));
    AtomicInteger refusedConnections = new AtomicInteger();
    routes.onRefusal(new Router.RefusalListener() {
      @Override
      public void refused(String path, HttpProblem problem) {}

      @Override
      public void refusedConnection() {
        refusedConnections.incrementAndGet();
      }
    });
    try (HttpListener listener = HttpListener.start("127.0.0.1", 0, routes, options);
        Socket first = new Socket("127.0.0.1", listener.port());
        Socket second = new Socket("127.0.0.1", listener.port());
        Socket third = new Socket("127.0.0.1", listener.port())) {
      third.setSoTimeout(5_000);
      String refusal = HttpDoorTest.readAll(third.getInputStream());
      assertTrue(refusal.startsWith("HTTP/1.1 503"), refusal);
      assertTrue(refusal.contains("\"too_many_connections\"")
          && refusal.contains("at most 2 HTTP connections"), refusal);
      assertEquals(1, refusedConnections.get());
      first.setSoTimeout(5_000);
      first.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = HttpDoorTest.readAll(first.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      assertTrue(second.isConnected());
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    HttpOptions options = new HttpOptions(8, 4096, 0, Duration.ofMillis(300), 1, null);
    try (HttpListener listener = HttpListener.start("127.0.0.1", 0, ROUTES, options);
        Socket idle = new Socket("127.0.0.1", listener.port())) {
      idle.setSoTimeout(5_000);
      long started = System.nanoTime();
      InputStream in = idle.getInputStream();
      try {
        assertEquals(-1, in.read(), "an idle connection must be closed");
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the idle connection was still open after 5 s", e);
      }
      assertTrue(System.nanoTime() - started < 4_000_000_000L);
    }
  }

  @Test
  void aPortInUseFailsNamingTheFlag() throws Exception {
    HttpOptions options = HttpOptions.defaults(null);
    try (HttpListener first = HttpListener.start("127.0.0.1", 0, ROUTES, options)) {
      java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> HttpListener.start("127.0.0.1", first.port(), ROUTES, options));
      assertTrue(e.getMessage().contains("--http-port"), e.getMessage());
    }
  }
}
