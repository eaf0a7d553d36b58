package dev.cirrus.server.momento;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cirrus.momento.proto.control._CreateCacheRequest;
import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.testing.ManualClock;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Momento's HTTP cache API on a real server's HTTP listener, through Java's HttpClient and curl:
 * what Momento documents for GET, PUT and DELETE {@code /cache/{cacheName}}, and its refusals.
 */
class MomentoHttpApiTest {
  private static final int MAX_VALUE = 1024;
  private static final ManualClock clock = new ManualClock();
  private static EmbeddedServer cirrus;
  private static ManagedChannel channel;
  private static HttpClient http;
  private static String account;
  private static String token;

  @BeforeAll
  static void start() throws IOException {
    cirrus = EmbeddedServer.start(b -> b.httpPort(0).clock(clock)
        .sweepInterval(Duration.ofHours(1))
        .limits(Limits.builder().maxValueBytes(MAX_VALUE).build()));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", cirrus.server().port()).usePlaintext().build();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    account = EmbeddedServer.freshAccount();
    token = cirrus.token(account);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    cirrus.close();
  }

  private static String newCache() {
    String name = "http-" + UUID.randomUUID();
    new MomentoClient(channel, token).control()
        .createCache(_CreateCacheRequest.newBuilder().setCacheName(name).build());
    return name;
  }

  private static URI uri(String cache, String query) {
    return URI.create(cirrus.httpUri() + "/cache/" + cache + "?" + query);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> put(String cache, String query, byte[] body, String auth)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(cache, query)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    return send(auth == null ? request : request.header("Authorization", auth));
  }

  private static HttpResponse<byte[]> get(String cache, String query, String auth) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(cache, query)).GET();
    return send(auth == null ? request : request.header("Authorization", auth));
  }

  private static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void put_get_delete_withTheTokenInTheHeaderOrTheQuery() throws Exception {
    String cache = newCache();

    HttpResponse<byte[]> stored = put(cache, "key=greeting&ttl_seconds=300",
        "hello there".getBytes(StandardCharsets.UTF_8), token);
    HttpResponse<byte[]> hit = get(cache, "key=greeting&token=" + enc(token), null);
    HttpResponse<byte[]> deleted = send(HttpRequest.newBuilder(uri(cache, "key=greeting"))
        .DELETE().header("Authorization", "Bearer " + token));
    HttpResponse<byte[]> miss = get(cache, "key=greeting", token);

    assertEquals(204, stored.statusCode());
    assertEquals(200, hit.statusCode());
    assertEquals("hello there", body(hit));
    assertEquals("application/octet-stream", hit.headers().firstValue("content-type").orElse(""));
    assertEquals(204, deleted.statusCode());
    assertEquals(404, miss.statusCode());
    assertTrue(body(miss).contains("key_not_found") && body(miss).contains("Key Not Found"), body(miss));
  }

  @Test
  void keyBase64_namesTheSameBytesAsKey_andBinaryValuesRoundTrip() throws Exception {
    String cache = newCache();
    byte[] value = {0, 1, (byte) 0xff, 10};
    String keyBase64 = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("example_key".getBytes(StandardCharsets.UTF_8));

    put(cache, "key_base64=" + keyBase64 + "&ttl_seconds=60", value, token);
    HttpResponse<byte[]> byText = get(cache, "key=example_key", token);

    assertEquals(200, byText.statusCode());
    assertArrayEquals(value, byText.body());
  }

  @Test
  void ttlSeconds_expiresTheEntry() throws Exception {
    String cache = newCache();
    put(cache, "key=k&ttl_seconds=2", new byte[] {1}, token);

    HttpResponse<byte[]> before = get(cache, "key=k", token);
    clock.advance(Duration.ofMillis(2_001));
    HttpResponse<byte[]> after = get(cache, "key=k", token);

    assertEquals(200, before.statusCode());
    assertEquals(404, after.statusCode());
  }

  @Test
  void refusals_nameTheProblem() throws Exception {
    String cache = newCache();
    String readOnly = cirrus.token(account, Duration.ofHours(1), Permission.READ);
    String forged = token.substring(0, token.length() - 4) + "AAAA";

    assertProblem(404, "cache_not_found", get("no-such-cache-" + UUID.randomUUID(), "key=k", token));
    assertProblem(401, "unauthenticated", get(cache, "key=k", null));
    assertProblem(401, "unauthenticated", get(cache, "key=k", forged));
    assertProblem(403, "permission_denied", put(cache, "key=k&ttl_seconds=5", new byte[1], readOnly));
    assertProblem(404, "cache_not_found",
        get(cache, "key=k", cirrus.token(EmbeddedServer.freshAccount())));
    assertProblem(400, "bad_request", put(cache, "key=k", new byte[1], token));
    assertProblem(400, "bad_request", put(cache, "key=k&ttl_seconds=soon", new byte[1], token));
    assertProblem(400, "bad_request", get(cache, "ttl_seconds=5", token));
    assertProblem(400, "bad_request", get(cache, "key_base64=" + enc("not*base64"), token));
    assertProblem(413, "body_too_large", put(cache, "key=k&ttl_seconds=5", new byte[MAX_VALUE + 1], token));
    assertProblem(405, "method_not_allowed", send(HttpRequest.newBuilder(uri(cache, "key=k"))
        .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", token)));
  }

  private static void assertProblem(int status, String error, HttpResponse<byte[]> response) {
    assertEquals(status, response.statusCode(), () -> body(response));
    assertTrue(body(response).contains("\"error\":\"" + error + "\""), () -> body(response));
    assertTrue(body(response).contains("\"message\":"), () -> body(response));
  }

  @Test
  void curl_asMomentosDocumentationShowsIt() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || onPath("curl"),
        "curl is not installed; the same calls are made with Java's HttpClient above");
    String cache = newCache();
    String base = cirrus.httpUri() + "/cache/" + cache;

    Curl put = curl("-X", "PUT", "-d", "example value",
        base + "?key=example_key&ttl_seconds=300&token=" + enc(token));
    Curl get = curl("-H", "Authorization: " + token, base + "?key_base64=ZXhhbXBsZV9rZXk");
    Curl delete = curl("-X", "DELETE", base + "?key=example_key&token=" + enc(token));
    Curl miss = curl("-H", "Authorization: " + token, base + "?key=example_key");

    assertEquals("204", put.status(), put::toString);
    assertEquals("200", get.status(), get::toString);
    assertEquals("example value", get.body());
    assertEquals("204", delete.status(), delete::toString);
    assertEquals("404", miss.status(), miss::toString);
  }

  /** What curl printed: the body, then the status on the last line ({@code -w}). */
  private record Curl(String body, String status) {}

  private static Curl curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20",
        "-w", "\n%{http_code}"));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
    int newline = output.lastIndexOf('\n');
    return new Curl(output.substring(0, newline), output.substring(newline + 1).trim());
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(entry -> Files.isExecutable(Path.of(entry, program)));
  }
}
