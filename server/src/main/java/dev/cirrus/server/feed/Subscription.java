package dev.cirrus.server.feed;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.Limit;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One open change stream: a FIFO queue, bounded in events and in bytes, filled by publishers
 * (without values for a sink that did not ask for them) and drained to a {@link ChangeSink} on the
 * feed executor.
 *
 * <p>Concurrency: {@link #offer} is called by any number of writer threads and never blocks. The
 * drain loop is serialized by the {@code wip} counter (the classic work-in-progress pattern), so the
 * sink and {@code sequence} are only touched by one thread at a time. The terminal state is an
 * {@link AtomicReference} so exactly one ending (completion or failure) is delivered.
 */
public final class Subscription implements AutoCloseable {
  private static final Terminal CANCELLED = new Terminal(null);
  /** {@link #onEnd} before a hook is set, and after the hook has run. */
  private static final Runnable NO_HOOK = () -> {};
  private static final Runnable HOOK_RAN = () -> {};

  private final ChangeTopic topic;
  private final ChangeSink sink;
  private final Executor executor;
  private final int capacity;
  private final long maxBytes;
  private final boolean includesValues;
  private final Queue<ChangeEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  /** Set once: the stream must end (after the queued CACHE_DELETED, or with this failure). */
  private final AtomicReference<Terminal> terminal = new AtomicReference<>();
  private volatile Future<?> heartbeat;
  /** What to run once the stream has ended (set by {@link #whenEnded}). */
  private final AtomicReference<Runnable> onEnd = new AtomicReference<>(NO_HOOK);
  /** Guarded by the drain loop ({@code wip}). */
  private long sequence;

  private record Terminal(CirrusException failure) {}

  Subscription(ChangeTopic topic, ChangeSink sink, Executor executor, int capacity, long maxBytes) {
    this.topic = requireNonNull(topic, "topic");
    this.sink = requireNonNull(sink, "sink");
    this.executor = requireNonNull(executor, "executor");
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.includesValues = sink.includesValues();
    // Queued before the subscription is registered, so it precedes every change it can see.
    ChangeEvent subscribed = ChangeEvent.control(ChangeType.SUBSCRIBED, "");
    queue.add(subscribed);
    size.set(1);
    bytes.set(subscribed.weight());
  }

  /** Whether its events carry values (the sink asked for them). */
  boolean includesValues() {
    return includesValues;
  }

  /**
   * Sends a HEARTBEAT every {@code intervalMillis}, or every {@link ChangeFeed#MIN_HEARTBEAT_MILLIS}
   * when asked for less: one scheduler thread serves every stream's heartbeats, and a stream
   * asking for one every millisecond would otherwise take a thousandth of it each.
   */
  void startHeartbeats(ScheduledExecutorService scheduler, long intervalMillis) {
    if (intervalMillis > 0) {
      long interval = Math.max(intervalMillis, ChangeFeed.MIN_HEARTBEAT_MILLIS);
      heartbeat =
          scheduler.scheduleAtFixedRate(
              () -> offer(ChangeEvent.control(ChangeType.HEARTBEAT, "")),
              interval, interval, TimeUnit.MILLISECONDS);
    }
  }

  /** Queues an event; never blocks. A subscriber too far behind is ended instead. */
  void offer(ChangeEvent event) {
    if (terminal.get() != null) {
      return;
    }
    if (size.incrementAndGet() > capacity) {
      fail(CirrusException.limitExceeded(
          Limit.SUBSCRIBER_QUEUE,
          "change stream ended: the subscriber fell more than " + capacity
              + " events behind; consume events faster and subscribe again",
          Map.of("limit", Integer.toString(capacity))));
      return;
    }
    long weight = event.weight();
    long queued = bytes.addAndGet(weight);
    // An empty queue takes any one event, so no single change can end a subscriber keeping up.
    if (queued > maxBytes && queued != weight) {
      fail(CirrusException.limitExceeded(
          Limit.SUBSCRIBER_QUEUE,
          "change stream ended: the subscriber fell more than " + maxBytes + " bytes of events"
              + " behind (the server's --subscriber-queue-bytes); consume events faster, subscribe"
              + " without values if keys are enough, and subscribe again",
          Map.of("limit", Long.toString(maxBytes), "unit", "bytes")));
      return;
    }
    queue.add(event);
    drainLater();
  }

  /** Queues CACHE_DELETED as the last event; the stream completes after it. */
  void cacheDeleted() {
    if (terminal.compareAndSet(null, new Terminal(null))) {
      queue.add(ChangeEvent.control(ChangeType.CACHE_DELETED, ""));
      drainLater();
    }
  }

  /** Ends the stream with {@code error}, dropping undelivered events. */
  void fail(CirrusException error) {
    if (terminal.compareAndSet(null, new Terminal(error))) {
      drainLater();
    }
  }

  /**
   * Ends the stream with {@code error}, dropping undelivered events: for a subscriber whose right
   * to listen has ended (its token expired or was revoked).
   */
  public void end(CirrusException error) {
    fail(requireNonNull(error, "error"));
  }

  /**
   * Runs {@code hook} once when the stream ends, however it ends (completed, failed, cancelled by
   * the client), or at once when it already has. One hook per subscription.
   */
  public void whenEnded(Runnable hook) {
    requireNonNull(hook, "hook");
    if (!onEnd.compareAndSet(NO_HOOK, hook)) {
      if (onEnd.get() != HOOK_RAN) {
        throw new IllegalStateException("this subscription already has an end hook");
      }
      hook.run();
    }
  }

  /** Called when the transport can take more events again. */
  public void onReady() {
    drainLater();
  }

  /** The client went away: stop delivering and unregister. Idempotent. */
  @Override
  public void close() {
    terminal.compareAndSet(null, CANCELLED);
    release();
    queue.clear();
  }

  private void release() {
    Future<?> beat = heartbeat;
    if (beat != null) {
      beat.cancel(false);
    }
    topic.unsubscribe(this);
    Runnable hook = onEnd.getAndSet(HOOK_RAN);
    hook.run();
  }

  private void drainLater() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    int missed = 1;
    do {
      if (!drainOnce()) {
        return;
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Delivers what the sink can take; false once the stream has ended. */
  private boolean drainOnce() {
    Terminal end = terminal.get();
    if (end == CANCELLED) {
      queue.clear();
      return false;
    }
    if (end != null && end.failure() != null) {
      queue.clear();
      release();
      sink.fail(end.failure());
      terminal.set(CANCELLED);
      return false;
    }
    while (sink.isReady()) {
      ChangeEvent event = queue.poll();
      if (event == null) {
        break;
      }
      size.decrementAndGet();
      bytes.addAndGet(-event.weight());
      sink.send(event, ++sequence);
      if (event.type() == ChangeType.CACHE_DELETED) {
        release();
        sink.complete();
        terminal.set(CANCELLED);
        queue.clear();
        return false;
      }
    }
    return true;
  }
}
