package dev.cirrus.server.feed;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Creates topics and subscriptions and owns nothing but their settings: the executor that drains
 * subscriber queues, the scheduler that sends heartbeats, and the per-subscriber queue capacity.
 * Both executors belong to the caller, who shuts them down.
 */
public final class ChangeFeed {
  /** Default queue bound per subscriber: beyond this a subscriber is too slow and is ended. */
  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

  private final Executor drainExecutor;
  private final ScheduledExecutorService scheduler;
  private final int queueCapacity;

  public ChangeFeed(Executor drainExecutor, ScheduledExecutorService scheduler, int queueCapacity) {
    this.drainExecutor = requireNonNull(drainExecutor, "drainExecutor");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    if (queueCapacity < 2) {
      throw new IllegalArgumentException("queueCapacity must be at least 2, got " + queueCapacity);
    }
    this.queueCapacity = queueCapacity;
  }

  /** A topic for one cache. */
  public ChangeTopic newTopic() {
    return new ChangeTopic(this);
  }

  Subscription newSubscription(ChangeTopic topic, ChangeSink sink) {
    return new Subscription(topic, sink, drainExecutor, queueCapacity);
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }
}
