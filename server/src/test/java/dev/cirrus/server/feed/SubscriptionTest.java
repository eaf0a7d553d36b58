package dev.cirrus.server.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.error.Limit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queue, readiness and ending rules of one subscription, with a synchronous drain executor. */
class SubscriptionTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ChangeFeed feed = new ChangeFeed(Runnable::run, scheduler, 4);
  private final ChangeTopic topic = feed.newTopic();

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
  }

  /** A sink whose readiness the test controls. */
  private static final class RecordingSink implements ChangeSink {
    final List<ChangeType> sent = new ArrayList<>();
    final List<Long> sequences = new ArrayList<>();
    boolean ready = true;
    boolean completed;
    CirrusException failure;

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void send(ChangeEvent event, long sequence) {
      sent.add(event.type());
      sequences.add(sequence);
    }

    @Override
    public void complete() {
      completed = true;
    }

    @Override
    public void fail(CirrusException error) {
      failure = error;
    }
  }

  private static ChangeEvent created(String key) {
    return new ChangeEvent(ChangeType.CREATED, ByteString.copyFromUtf8(key), null, null, 1, "c");
  }

  @Test
  void subscribe_sendsSubscribedFirst_thenEventsWithConsecutiveSequences() {
    RecordingSink sink = new RecordingSink();
    topic.subscribe(sink, 0);
    topic.publish(created("a"));
    topic.publish(created("b"));
    assertEquals(List.of(ChangeType.SUBSCRIBED, ChangeType.CREATED, ChangeType.CREATED), sink.sent);
    assertEquals(List.of(1L, 2L, 3L), sink.sequences);
  }

  @Test
  void notReady_holdsEvents_untilReadyAgain() {
    RecordingSink sink = new RecordingSink();
    Subscription subscription = topic.subscribe(sink, 0);
    sink.ready = false;
    topic.publish(created("a"));
    assertEquals(List.of(ChangeType.SUBSCRIBED), sink.sent);
    sink.ready = true;
    subscription.onReady();
    assertEquals(List.of(ChangeType.SUBSCRIBED, ChangeType.CREATED), sink.sent);
  }

  @Test
  void overCapacity_endsWithResourceExhausted_andUnsubscribes() {
    RecordingSink sink = new RecordingSink();
    topic.subscribe(sink, 0);
    sink.ready = false;
    for (int i = 0; i < 10; i++) {
      topic.publish(created("k" + i));
    }
    assertTrue(sink.failure != null, "not failed");
    // cirrus.v1 reports this limit as RESOURCE_EXHAUSTED (V1ErrorsTest).
    assertEquals(Limit.SUBSCRIBER_QUEUE, sink.failure.limit());
    assertEquals(0, topic.subscriberCount());
  }

  @Test
  void close_byClient_unsubscribes_andStopsDelivery() {
    RecordingSink sink = new RecordingSink();
    Subscription subscription = topic.subscribe(sink, 0);
    subscription.close();
    topic.publish(created("a"));
    assertEquals(0, topic.subscriberCount());
    assertEquals(List.of(ChangeType.SUBSCRIBED), sink.sent);
    assertNull(sink.failure);
  }

  @Test
  void topicClose_sendsCacheDeletedThenCompletes_andRefusesNewSubscribers() {
    RecordingSink sink = new RecordingSink();
    topic.subscribe(sink, 0);
    topic.close();
    topic.publish(created("late"));
    assertEquals(List.of(ChangeType.SUBSCRIBED, ChangeType.CACHE_DELETED), sink.sent);
    assertTrue(sink.completed);
    assertEquals(0, topic.subscriberCount());
    assertNull(topic.subscribe(new RecordingSink(), 0));
  }

  @Test
  void shutdown_failsStreamsWithTheGivenError() {
    RecordingSink sink = new RecordingSink();
    topic.subscribe(sink, 0);
    topic.shutdown(CirrusException.shuttingDown("bye"));
    assertEquals(ErrorCause.SHUTTING_DOWN, sink.failure.errorCause());
  }
}
