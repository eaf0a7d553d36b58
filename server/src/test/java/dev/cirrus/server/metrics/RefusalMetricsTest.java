package dev.cirrus.server.metrics;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.momento.proto.cache.ScsGrpc;
import dev.cirrus.momento.proto.cache._GetRequest;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.fastpath.DataPathLimits;
import dev.cirrus.server.fastpath.RawDataConnection;
import dev.cirrus.server.http.HttpOptions;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import dev.cirrus.server.testing.Requests;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * Calls refused before any cache saw them, as {@code cirrus_refusals_total} on {@code /metrics}:
 * each refusal driven through a real client of its door (gRPC stubs, a raw data path socket, an
 * HTTP client) moves its door/status/reason series by exactly one, and a failure the store
 * answered (a missing cache) moves no refusal at all, since the cache's own meters count it.
 */
public class RefusalMetricsTest {
  /** Requests per second per account: a fresh account has this many before it is refused. */
  private static final int RATE = 5;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @RegisterExtension
  static final CirrusServerExtension server = new CirrusServerExtension(b -> b.httpPort(0)
      .metricsPublic(true).accountRateLimit(RATE).maxStreamsPerAccount(1)
      .dataPathLimits(DataPathLimits.defaults().withMaxConnectionsPerAccount(1)));

  @Test
  void grpcRefusals_areCountedByStatusAndReason() throws Throwable {
    GetRequest get = GetRequest.newBuilder().setCache("c").setKey(bytes("k")).build();
    counted("grpc", "UNAUTHENTICATED", "token", () -> refused(Status.Code.UNAUTHENTICATED,
        () -> DataPlaneGrpc.newBlockingStub(server.channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS).get(get)));

    String reader = server.token(fresh(), Permission.READ);
    counted("grpc", "PERMISSION_DENIED", "permission", () -> refused(Status.Code.PERMISSION_DENIED,
        () -> server.data(reader, "c").set(SetRequest.newBuilder().setCache("c")
            .setWrite(Requests.write("k", "v")).build())));

    String busy = server.token(fresh());
    server.control(busy).createCache(CreateCacheRequest.newBuilder().setName("c").build());
    for (int i = 1; i < RATE; i++) {
      server.data(busy, "c").get(get);
    }
    counted("grpc", "RESOURCE_EXHAUSTED", "rate_limit", () -> refused(
        Status.Code.RESOURCE_EXHAUSTED, () -> server.data(busy, "c").get(get)));
  }

  @Test
  void aChangeStreamOverTheAccountsQuota_isCountedAsStreams() throws Throwable {
    String cache = server.newCache();
    SubscribeRequest subscribe = SubscribeRequest.newBuilder().setCache(cache).build();
    try (EventRecorder open = EventRecorder.subscribe(server.dataAsync(), subscribe)) {
      counted("grpc", "RESOURCE_EXHAUSTED", "streams", () -> refused(
          Status.Code.RESOURCE_EXHAUSTED, () -> server.data().subscribe(subscribe).hasNext()));
    }
  }

  @Test
  void aFailureTheStoreCounted_isNoRefusal() throws Throwable {
    String token = server.token(fresh());
    GetRequest get = GetRequest.newBuilder().setCache("missing").setKey(bytes("k")).build();
    double before = total(scrape(), "cirrus_requests_total", Map.of("outcome", "cache_not_found"));
    notCounted(() -> refused(Status.Code.NOT_FOUND, () -> server.data(token, "c").get(get)));
    assertEquals(before + 1,
        total(scrape(), "cirrus_requests_total", Map.of("outcome", "cache_not_found")));
  }

  @Test
  void dataPathRefusals_areCountedByStatusAndReason() throws Throwable {
    int port = server.server().dataPort();
    counted("data", "UNAUTHENTICATED", "token", () -> {
      try (RawDataConnection c = new RawDataConnection(port)) {
        c.hello("Bearer not-a-token", "client");
        assertEquals(Status.Code.UNAUTHENTICATED.value(), RawDataConnection.refusal(c.read()).code());
      }
    });
    String token = server.token(fresh());
    try (RawDataConnection first = new RawDataConnection(port)) {
      first.hello("Bearer " + token, "client");
      assertEquals(Frames.OK, first.read().kind());
      // One connection per account here: a second one of the account is refused at its hello.
      counted("data", "RESOURCE_EXHAUSTED", "connections", () -> {
        try (RawDataConnection second = new RawDataConnection(port)) {
          second.hello("Bearer " + token, "client");
          assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(),
              RawDataConnection.refusal(second.read()).code());
        }
      });
      counted("data", "INVALID_ARGUMENT", "bad_request", () -> {
        first.request((byte) 120, new byte[0]);
        assertEquals(Status.Code.INVALID_ARGUMENT.value(),
            RawDataConnection.refusal(first.read()).code());
      });
      notCounted(() -> {
        first.request(V1Method.GET.number(),
            GetRequest.newBuilder().setCache("missing").setKey(bytes("k")).build());
        assertEquals(Status.Code.NOT_FOUND.value(), RawDataConnection.refusal(first.read()).code());
      });
    }
  }

  @Test
  void httpRefusals_areCountedByDoorStatusAndReason() throws Throwable {
    counted("momento-http", "401", "token",
        () -> assertEquals(401, http("GET", "/cache/c?key=k", null).statusCode()));
    counted("http", "404", "not_found",
        () -> assertEquals(404, http("GET", "/nothing-here", null).statusCode()));
    String token = server.token(fresh());
    server.control(token).createCache(CreateCacheRequest.newBuilder().setName("c").build());
    counted("momento-http", "400", "bad_request",
        () -> assertEquals(400, http("PUT", "/cache/c?key=k", token).statusCode()));
    // A miss is an answer (404 key_not_found), counted as a miss by the cache, not as a refusal.
    notCounted(() -> assertEquals(404, http("GET", "/cache/c?key=absent", token).statusCode()));
  }

  @Test
  void anHttpConnectionOverTheBound_isAnswered503AndCounted() throws Throwable {
    scrape(); // the client's kept-alive connection, open from here on
    List<Socket> held = new ArrayList<>();
    try {
      Map<String, String> http = Map.of("transport", "http");
      while (held.size() + 1 < HttpOptions.DEFAULT_MAX_CONNECTIONS) {
        held.add(new Socket("127.0.0.1", server.server().httpPort()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (total(scrape(), "cirrus_connections", http) < HttpOptions.DEFAULT_MAX_CONNECTIONS) {
        assertTrue(System.nanoTime() < deadline, "the listener never held them all");
        Thread.sleep(20);
      }
      counted("http", "503", "connections", () -> {
        try (Socket over = new Socket("127.0.0.1", server.server().httpPort())) {
          over.setSoTimeout(10_000);
          String answer = new String(over.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertTrue(answer.startsWith("HTTP/1.1 503") && answer.contains("too_many_connections"),
              answer);
        }
      });
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void momentoGrpcRefusals_areCountedByStatusAndReason() throws Throwable {
    Metadata noToken = new Metadata();
    noToken.put(Metadata.Key.of("cache", Metadata.ASCII_STRING_MARSHALLER), "c");
    counted("momento-grpc", "UNAUTHENTICATED", "token", () -> refused(Status.Code.UNAUTHENTICATED,
        () -> ScsGrpc.newBlockingStub(server.channel())
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(noToken))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .get(_GetRequest.newBuilder().setCacheKey(bytes("k")).build())));
    MethodDescriptor<InputStream, InputStream> dictionaryGet =
        MethodDescriptor.<InputStream, InputStream>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("cache_client.Scs/DictionaryGet")
            .setRequestMarshaller(Raw.INSTANCE).setResponseMarshaller(Raw.INSTANCE).build();
    counted("momento-grpc", "UNIMPLEMENTED", "unserved", () -> refused(Status.Code.UNIMPLEMENTED,
        () -> ClientCalls.blockingUnaryCall(server.channel(), dictionaryGet, CallOptions.DEFAULT,
            new ByteArrayInputStream(new byte[0]))));
  }

  @Test
  void theConsoleJson_listsTheRefusals() throws Throwable {
    http("GET", "/nothing-here", null);
    String stats = http("GET", "/console/api/stats", null).body();
    assertTrue(stats.contains("\"refusals\":[") && stats.contains(
        "{\"door\":\"http\",\"status\":\"404\",\"reason\":\"not_found\",\"count\":"), stats);
  }

  // ---- helpers ----

  /** Runs {@code action} and asserts it moved the series by exactly one, and no other refusal. */
  private static void counted(String door, String status, String reason, Executable action)
      throws Throwable {
    Map<String, String> labels = Map.of("door", door, "status", status, "reason", reason);
    String before = scrape();
    action.execute();
    String after = scrape();
    assertEquals(total(before, "cirrus_refusals_total", labels) + 1,
        total(after, "cirrus_refusals_total", labels), after);
    assertEquals(total(before, "cirrus_refusals_total", Map.of()) + 1,
        total(after, "cirrus_refusals_total", Map.of()), after);
  }

  /** Runs {@code action} and asserts it moved no refusal. */
  private static void notCounted(Executable action) throws Throwable {
    String before = scrape();
    action.execute();
    String after = scrape();
    assertEquals(total(before, "cirrus_refusals_total", Map.of()),
        total(after, "cirrus_refusals_total", Map.of()), after);
  }

  private static void refused(Status.Code code, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
  }

  private static String fresh() {
    return "acct-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<String> http(String method, String path, String token)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.server().httpPort() + path)).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.ofString(method.equals("PUT") ? "v" : ""));
    if (token != null) {
      request.header("Authorization", token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String scrape() throws Exception {
    HttpResponse<String> response = http("GET", "/metrics", null);
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  /** The sum of the samples named {@code name} whose labels include {@code labels}. */
  public static double total(String metrics, String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      Map<String, String> found = new HashMap<>();
      Matcher m = LABEL.matcher(line.substring(0, line.indexOf('}')));
      while (m.find()) {
        found.put(m.group(1), m.group(2));
      }
      if (found.entrySet().containsAll(labels.entrySet())) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private enum Raw implements MethodDescriptor.Marshaller<InputStream> {
    INSTANCE;

    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }
}
