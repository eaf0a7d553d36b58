package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A change stream's queue is bounded in bytes, and holds values only for a subscriber that asked
 * for them: one that stops reading is ended once it is that far behind, one of keys only is not
 * ended by values it never gets.
 */
class StreamQueueBytesTest {
  private static final int QUEUE_BYTES = 256 * 1024;
  private static final int TINY_WRITES = 2_000;
  private static final int BIG_WRITES = 20;
  private static final ByteString BIG = ByteString.copyFrom(new byte[64 * 1024]);

  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.subscriberQueueBytes(QUEUE_BYTES));

  /** Its own connection, with a small window, so a subscriber that stops reading stalls soon. */
  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.server().port()).usePlaintext()
        .flowControlWindow(16 * 1024).build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A subscriber that reads SUBSCRIBED and then nothing until {@link #resume}. */
  private static final class StalledSubscriber
      implements ClientResponseObserver<SubscribeRequest, ChangeEvent> {
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    final CompletableFuture<ClientCallStreamObserver<SubscribeRequest>> call = new CompletableFuture<>();
    final AtomicInteger received = new AtomicInteger();

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
      requestStream.disableAutoRequestWithInitial(1);
      call.complete(requestStream);
    }

    @Override
    public void onNext(ChangeEvent value) {
      received.incrementAndGet();
    }

    @Override
    public void onError(Throwable t) {
      ended.complete(t);
    }

    @Override
    public void onCompleted() {
      ended.complete(null);
    }

    void resume() throws Exception {
      call.get(5, TimeUnit.SECONDS).request(Integer.MAX_VALUE);
    }
  }

  private StalledSubscriber subscribe(String cache, boolean includeValues) throws InterruptedException {
    StalledSubscriber subscriber = new StalledSubscriber();
    DataPlaneGrpc.newStub(channel)
        .withCallCredentials(new BearerToken(server.defaultToken(), CLIENT_ID))
        .subscribe(SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(includeValues)
            .build(), subscriber);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (subscriber.received.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, subscriber.received.get(), "no SUBSCRIBED");
    return subscriber;
  }

  /** Enough small changes to fill the stalled stream's window and transport buffer, then big ones. */
  private static void write(String cache) {
    for (int batch = 0; batch < TINY_WRITES / 1_000; batch++) {
      SetBatchRequest.Builder tiny = SetBatchRequest.newBuilder().setCache(cache);
      for (int i = 0; i < 1_000; i++) {
        tiny.addWrites(Write.newBuilder().setKey(ByteString.copyFromUtf8("t" + batch + "-" + i)));
      }
      server.data().setBatch(tiny.build());
    }
    SetBatchRequest.Builder big = SetBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < BIG_WRITES; i++) {
      big.addWrites(Write.newBuilder().setKey(ByteString.copyFromUtf8("big" + i)).setValue(BIG));
    }
    server.data().setBatch(big.build());
  }

  @Test
  void subscriberWithValues_thatStopsReading_isEndedByTheByteBound_writersUnaffected()
      throws Exception {
    String cache = server.newCache();
    StalledSubscriber subscriber = subscribe(cache, true);
    write(cache);
    subscriber.resume(); // so the ending status can arrive

    Throwable failure = subscriber.ended.get(10, TimeUnit.SECONDS);
    assertNotNull(failure, "the stream completed instead of failing");
    Status status = Status.fromThrowable(failure);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
    assertTrue(status.getDescription().contains("fell more than " + QUEUE_BYTES + " bytes"),
        status.getDescription());
    assertTrue(status.getDescription().contains("--subscriber-queue-bytes"), status.getDescription());
    assertEquals(1_000, server.data().setBatch(SetBatchRequest.newBuilder().setCache(cache)
        .addAllWrites(java.util.Collections.nCopies(1_000,
            Write.newBuilder().setKey(ByteString.copyFromUtf8("after")).build()))
        .build()).getResultsCount());
  }

  @Test
  void subscriberOfKeysOnly_thatFallsBehind_holdsNoValues_andGetsEveryChange() throws Exception {
    String cache = server.newCache();
    StalledSubscriber subscriber = subscribe(cache, false);
    write(cache);
    assertFalse(subscriber.ended.isDone(), "ended: " + subscriber.ended.getNow(null));
    subscriber.resume();

    int expected = 1 + TINY_WRITES + BIG_WRITES;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (subscriber.received.get() < expected && !subscriber.ended.isDone()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(subscriber.ended.isDone(), "ended: " + subscriber.ended.getNow(null));
    assertEquals(expected, subscriber.received.get());
    subscriber.call.get().cancel("done", null);
  }
}
