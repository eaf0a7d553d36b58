package dev.cirrus.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.SubscribeRequest;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Records one change stream; the test reads events with bounded waits. */
public final class EventRecorder implements StreamObserver<ChangeEvent>, AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final BlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private Context.CancellableContext context;

  /** Subscribes and waits for SUBSCRIBED, so every later change is seen. */
  public static EventRecorder subscribe(DataPlaneGrpc.DataPlaneStub stub, SubscribeRequest request) {
    EventRecorder recorder = new EventRecorder();
    recorder.context = Context.current().withCancellation();
    recorder.context.run(() -> stub.subscribe(request, recorder));
    ChangeEvent first = recorder.next();
    assertEquals(ChangeType.CHANGE_TYPE_SUBSCRIBED, first.getType(), () -> "first event: " + first);
    return recorder;
  }

  /** The next event; fails after a bounded wait. */
  public ChangeEvent next() {
    try {
      ChangeEvent event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(event, "no change event within " + WAIT + " (stream error: " + error.get() + ")");
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The next event that is not a heartbeat. */
  public ChangeEvent nextChange() {
    ChangeEvent event;
    do {
      event = next();
    } while (event.getType() == ChangeType.CHANGE_TYPE_HEARTBEAT);
    return event;
  }

  /** Whatever arrives within {@code wait}, or null. */
  public ChangeEvent poll(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean awaitEnd() throws InterruptedException {
    return ended.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Throwable error() {
    return error.get();
  }

  @Override
  public void onNext(ChangeEvent value) {
    events.add(value);
  }

  @Override
  public void onError(Throwable t) {
    error.set(t);
    ended.countDown();
  }

  @Override
  public void onCompleted() {
    ended.countDown();
  }

  @Override
  public void close() {
    if (context != null) {
      context.cancel(null);
    }
  }
}
