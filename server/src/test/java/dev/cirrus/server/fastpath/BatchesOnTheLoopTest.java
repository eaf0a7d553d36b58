package dev.cirrus.server.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetBatchResponse;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.CirrusServices;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.auth.SigningKeys;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.limits.FairExecutor;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over the store in memory, a small batch runs on the loop that read it, like a point call; a
 * large batch, or the large answer of a small one, waits for its account's turn on the pool of
 * heavy calls. Shown with the account's heavy calls at their bound (one, held by the test): what
 * runs on the loop is answered at once, what needs the pool is refused naming the bound, and is
 * answered once the account's turn is free.
 */
class BatchesOnTheLoopTest {
  private static final String CACHE = "c";

  private Path dataDir;
  private CirrusServices services;
  private DataRequests requests;
  private RequestRunner runner;
  private Caller caller;

  @BeforeEach
  void start() throws IOException {
    dataDir = Files.createTempDirectory("cirrus-batches-on-loop-");
    ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
        .accountQueuedCalls(1).build();
    SigningKeys keys = SigningKeys.loadOrCreate(dataDir, config.clock());
    services = CirrusServices.create(config, keys);
    requests = services.dataRequests();
    runner = new RequestRunner(requests);
    String token = new TokenIssuer(keys.current(), "cirrus://127.0.0.1:1", config.clock())
        .issue("acme", Duration.ofHours(1));
    caller = requests.hello(RawDataConnection.helloPayload("Bearer " + token, "batches"));
    ok(runNow(V1Method.CREATE_CACHE, CreateCacheRequest.newBuilder().setName(CACHE).build()));
  }

  @AfterEach
  void stop() throws IOException {
    services.close();
    CirrusServerExtension.deleteRecursively(dataDir);
  }

  @Test
  void smallBatches_areAnsweredOnTheLoop_whileTheAccountsHeavyCallsAreAtTheirBound()
      throws Exception {
    FairExecutor.Admission held = requests.largeAnswers().admit("acme");
    try {
      SetBatchResponse written = SetBatchResponse.parseFrom(
          ok(runNow(V1Method.SET_BATCH, puts(100, 100))));
      assertEquals(100, written.getResultsCount());
      GetBatchResponse read = GetBatchResponse.parseFrom(
          ok(runNow(V1Method.GET_BATCH, gets(100, 10))));
      assertEquals(100, read.getResultsCount());
      for (int i = 0; i < 100; i++) {
        assertTrue(read.getResults(i).getFound(), "key " + i);
        assertEquals(value(i, 100), read.getResults(i).getValue());
      }
    } finally {
      held.release();
    }
  }

  @Test
  void aSmallBatchWithALargeAnswer_isFramedInItsAccountsTurn() throws Exception {
    ok(runLater(V1Method.SET_BATCH, puts(3, 40 * 1024)));
    GetBatchRequest three = gets(3, 10);
    FairExecutor.Admission held = requests.largeAnswers().admit("acme");
    try {
      assertRefusedForTheBound(runNow(V1Method.GET_BATCH, three));
    } finally {
      held.release();
    }
    GetBatchResponse read = GetBatchResponse.parseFrom(ok(runLater(V1Method.GET_BATCH, three)));
    for (int i = 0; i < 3; i++) {
      assertEquals(value(i, 40 * 1024), read.getResults(i).getValue());
    }
  }

  @Test
  void aBatchOverTheLoopsBound_runsInItsAccountsTurn() throws Exception {
    // 1000 keys of 20 bytes: over 16 KiB of request.
    GetBatchRequest many = gets(1000, 20);
    assertTrue(many.getSerializedSize() > DataRequests.LOOP_BATCH_MAX_BYTES);
    FairExecutor.Admission held = requests.largeAnswers().admit("acme");
    try {
      assertRefusedForTheBound(runNow(V1Method.GET_BATCH, many));
    } finally {
      held.release();
    }
    assertEquals(1000,
        GetBatchResponse.parseFrom(ok(runLater(V1Method.GET_BATCH, many))).getResultsCount());
  }

  /** The frame {@code request} was answered with where it was read; fails if it went elsewhere. */
  private Frames.Frame runNow(V1Method method, MessageLite request) throws IOException {
    ByteBuf answer = runner.run(caller, payload(method, request), Runnable::run, later -> {
      later.release();
      throw new AssertionError(method + " was answered later, not where it was read");
    });
    assertNotNull(answer, method + " was not answered where it was read");
    return frame(answer);
  }

  /** The frame {@code request} was answered with on a pool; fails if it was answered at once. */
  private Frames.Frame runLater(V1Method method, MessageLite request) throws Exception {
    CompletableFuture<ByteBuf> later = new CompletableFuture<>();
    ByteBuf now = runner.run(caller, payload(method, request), Runnable::run, later::complete);
    if (now != null) {
      now.release();
    }
    assertNull(now, method + " was answered where it was read");
    return frame(later.get(10, TimeUnit.SECONDS));
  }

  private static void assertRefusedForTheBound(Frames.Frame frame) throws IOException {
    RawDataConnection.Refusal refusal = RawDataConnection.refusal(frame);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), refusal.code(), refusal.description());
    assertTrue(refusal.description().contains("--account-queued-calls"), refusal.description());
  }

  private static byte[] ok(Frames.Frame frame) throws IOException {
    return RawDataConnection.ok(frame);
  }

  private static Frames.Frame frame(ByteBuf answer) throws IOException {
    try {
      return Frames.read(new DataInputStream(new ByteArrayInputStream(
          ByteBufUtil.getBytes(answer))), Integer.MAX_VALUE - 8);
    } finally {
      answer.release();
    }
  }

  private static SetBatchRequest puts(int count, int valueBytes) {
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      writes.add(Write.newBuilder().setKey(key(i, 10)).setValue(value(i, valueBytes)).build());
    }
    return SetBatchRequest.newBuilder().setCache(CACHE).addAllWrites(writes).build();
  }

  private static GetBatchRequest gets(int count, int keyBytes) {
    GetBatchRequest.Builder request = GetBatchRequest.newBuilder().setCache(CACHE);
    for (int i = 0; i < count; i++) {
      request.addKeys(key(i, keyBytes));
    }
    return request.build();
  }

  private static ByteString key(int i, int bytes) {
    return ByteString.copyFromUtf8(String.format("%0" + bytes + "d", i));
  }

  private static ByteString value(int i, int bytes) {
    byte[] value = new byte[bytes];
    java.util.Arrays.fill(value, (byte) ('a' + i % 26));
    return ByteString.copyFrom(value);
  }

  private static byte[] payload(V1Method method, MessageLite request) {
    return RawDataConnection.requestPayload(method.number(), request.toByteArray());
  }
}
