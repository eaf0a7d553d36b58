package dev.cirrus.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP door of a real server, through Java's HttpClient and, for what it cannot send, a socket. */
class HttpDoorTest {
  private static EmbeddedServer cirrus;
  private static HttpClient client;
  private static final AtomicInteger echoed = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    cirrus = EmbeddedServer.start(b -> b.httpPort(0));
    // What another door does: a prefix route that takes small bodies.
    cirrus.server().httpRoutes().addPrefix("/echo/", 16, call -> {
      echoed.incrementAndGet();
      return HttpReply.json(200, Json.object(
          "method", Json.string(call.method()),
          "name", Json.string(call.pathAfter("/echo/")),
          "ttl", Json.string(call.queryParam("ttl")),
          "header", Json.string(call.header("X-Thing")),
          "body", Json.string(new String(call.body(), StandardCharsets.UTF_8))));
    });
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    cirrus.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthSaysLiveAndReadyInJson() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(cirrus.httpUri().resolve("/health")));
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    assertTrue(response.body().contains("\"status\":\"UP\""), response.body());
    assertTrue(response.body().contains("\"live\":true"), response.body());
    assertTrue(response.body().contains("\"ready\":true"), response.body());
  }

  @Test
  void anUnknownPathIsA404InJsonNamingThePath() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(cirrus.httpUri().resolve("/nope/x")));
    assertEquals(404, response.statusCode());
    assertTrue(response.body().contains("\"error\":\"not_found\""), response.body());
    assertTrue(response.body().contains("/nope/x"), response.body());
  }

  @Test
  void aWrongMethodIs405NamingTheRightOne() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(cirrus.httpUri().resolve("/health"))
        .DELETE());
    assertEquals(405, response.statusCode());
    assertTrue(response.body().contains("use GET"), response.body());
  }

  @Test
  void aRouteGetsMethodPathQueryHeadersAndBody() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(
            cirrus.httpUri().resolve("/echo/users?ttl=30"))
        .header("X-Thing", "blue")
        .PUT(HttpRequest.BodyPublishers.ofString("hello")));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("{\"method\":\"PUT\",\"name\":\"users\",\"ttl\":\"30\",\"header\":\"blue\","
        + "\"body\":\"hello\"}", response.body());
  }

  @Test
  void aBodyOverTheRoutesLimitIsRefusedWithoutBeingRead() throws Exception {
    int before = echoed.get();
    try (Socket socket = new Socket("127.0.0.1", cirrus.httpUri().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      // Declares 1 GB and sends none of it: the answer must come from the head alone.
      out.write(("PUT /echo/big HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readAll(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("\"error\":\"body_too_large\""), answer);
      assertTrue(answer.contains("limit of 16 bytes"), answer);
    }
    assertEquals(before, echoed.get(), "the route must not run");
  }

  @Test
  void aChunkedBodyIsRefusedAsLengthRequired() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", cirrus.httpUri().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /echo/c HTTP/1.1\r\nHost: x\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = readAll(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 411"), answer);
      assertTrue(answer.contains("Content-Length"), answer);
    }
  }

  @Test
  void headersOverTheLimitAre431() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(cirrus.httpUri().resolve("/health"))
        .header("X-Big", "a".repeat(HttpOptions.DEFAULT_MAX_HEADER_BYTES + 10)));
    assertEquals(431, response.statusCode());
    assertTrue(response.body().contains("headers_too_large"), response.body());
  }

  @Test
  void aServerWithoutHttpPortHasNoListener() throws Exception {
    try (EmbeddedServer plain = EmbeddedServer.start()) {
      assertNull(plain.httpUri());
      assertEquals(0, plain.server().httpPort());
    }
  }

  static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
