package dev.cirrus.server.feed;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Creates topics and subscriptions and owns nothing but their settings: the executor that drains
 * subscriber queues, the scheduler that sends heartbeats, and the per-subscriber queue bounds (in
 * events and in bytes). Both executors belong to the caller, who shuts them down.
 */
public final class ChangeFeed {
  /** Default queue bound per subscriber: beyond this a subscriber is too slow and is ended. */
  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
  /** Default bound of the bytes one subscriber's queue may hold (keys, and values it asked for). */
  public static final long DEFAULT_QUEUE_BYTES = 8L << 20;
  /**
   * The shortest heartbeat interval; a shorter one asked for is raised to it. The provider asks
   * for a third of its near cache's staleness bound, at least 30 ms (the bound is at least 100 ms).
   */
  public static final long MIN_HEARTBEAT_MILLIS = 30;

  private final Executor drainExecutor;
  private final ScheduledExecutorService scheduler;
  private final int queueCapacity;
  private final long queueBytes;

  /** A feed whose queues hold at most {@link #DEFAULT_QUEUE_BYTES}. */
  public ChangeFeed(Executor drainExecutor, ScheduledExecutorService scheduler, int queueCapacity) {
    this(drainExecutor, scheduler, queueCapacity, DEFAULT_QUEUE_BYTES);
  }

  /**
   * @param queueCapacity the most events one subscriber's queue may hold
   * @param queueBytes the most bytes one subscriber's queue may hold (one event is always taken
   *     into an empty queue, however large)
   */
  public ChangeFeed(Executor drainExecutor, ScheduledExecutorService scheduler, int queueCapacity,
      long queueBytes) {
    this.drainExecutor = requireNonNull(drainExecutor, "drainExecutor");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    if (queueCapacity < 2) {
      throw new IllegalArgumentException("queueCapacity must be at least 2, got " + queueCapacity);
    }
    if (queueBytes < 1) {
      throw new IllegalArgumentException("queueBytes must be positive, got " + queueBytes);
    }
    this.queueCapacity = queueCapacity;
    this.queueBytes = queueBytes;
  }

  /** A topic for one cache. */
  public ChangeTopic newTopic() {
    return new ChangeTopic(this);
  }

  Subscription newSubscription(ChangeTopic topic, ChangeSink sink) {
    return new Subscription(topic, sink, drainExecutor, queueCapacity, queueBytes);
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }
}
