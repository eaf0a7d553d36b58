package dev.cirrus.server.data;

import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A subscriber that stops reading is ended; writers never wait for it. */
class SlowSubscriberTest {
  private static final int QUEUE = 8;

  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.subscriberQueueCapacity(QUEUE));

  @Test
  void subscriberThatStopsReading_isEndedWithResourceExhausted_writersUnaffected() throws Exception {
    String cache = server.newCache();
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<ClientCallStreamObserver<SubscribeRequest>> call = new CompletableFuture<>();
    server.dataAsync().subscribe(
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build(),
        new ClientResponseObserver<SubscribeRequest, ChangeEvent>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
            requestStream.disableAutoRequestWithInitial(1); // reads SUBSCRIBED, then nothing
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
        });
    // Large values fill the transport window quickly, so the server-side queue must take the rest.
    ByteString big = ByteString.copyFrom(new byte[256 * 1024]);
    for (int i = 0; i < 40 && !ended.isDone(); i++) {
      server.data().set(SetRequest.newBuilder().setCache(cache)
          .setWrite(Write.newBuilder().setKey(ByteString.copyFromUtf8("k" + i)).setValue(big)).build());
    }
    call.get(5, TimeUnit.SECONDS).request(Integer.MAX_VALUE); // drain so the status can arrive

    Throwable failure = ended.get(10, TimeUnit.SECONDS);
    assertTrue(failure != null, "stream completed instead of failing");
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(failure).getCode());
    assertTrue(Status.fromThrowable(failure).getDescription().contains("fell more than " + QUEUE));
    put(server.data(), cache, "after", "x");
    assertTrue(get(server.data(), cache, "after").getFound());
  }
}
