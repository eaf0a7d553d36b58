package dev.cirrus.server.feed;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The subscribers of one cache. Publishing is lock-free (a copy-on-write list: subscriptions
 * change rarely, changes often). {@link #subscribe} and {@link #close} synchronize on this topic so
 * that no subscription can register after the cache was deleted.
 */
public final class ChangeTopic {
  private final ChangeFeed feed;
  private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();
  /** For monitoring; adders, as every subscriber's drain thread counts into them. */
  private final LongAdder sent = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  /** Guarded by {@code this} for writes; read without the lock by {@link #publish}. */
  private volatile boolean closed;

  ChangeTopic(ChangeFeed feed) {
    this.feed = requireNonNull(feed, "feed");
  }

  /** Whether anyone listens; lets publishers skip building events nobody reads. */
  public boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }

  /**
   * Hands {@code event} to every subscriber's queue, without its values to those that did not ask
   * for them (stripped once for all of them); never blocks.
   */
  public void publish(ChangeEvent event) {
    ChangeEvent withoutValues = null;
    for (Subscription s : subscribers) {
      if (s.includesValues()) {
        s.offer(event);
      } else {
        if (withoutValues == null) {
          withoutValues = event.withoutValues();
        }
        s.offer(withoutValues);
      }
    }
  }

  /**
   * Registers a new subscription whose first event is SUBSCRIBED.
   *
   * @return null when the topic was closed (the cache is gone)
   */
  public synchronized Subscription subscribe(ChangeSink sink, long heartbeatMillis) {
    if (closed) {
      return null;
    }
    Subscription subscription = feed.newSubscription(this, sink);
    subscribers.add(subscription);
    subscription.startHeartbeats(feed.scheduler(), heartbeatMillis);
    subscription.onReady();
    return subscription;
  }

  void unsubscribe(Subscription subscription) {
    subscribers.remove(subscription);
  }

  /** The cache was deleted: every stream gets CACHE_DELETED and completes. */
  public synchronized void close() {
    closed = true;
    for (Subscription s : subscribers) {
      s.cacheDeleted();
    }
  }

  /** The server is stopping: every stream ends with {@code error}. */
  public synchronized void shutdown(CirrusException error) {
    closed = true;
    for (Subscription s : subscribers) {
      s.fail(error);
    }
  }

  /** Change streams open on this topic now. */
  public int subscriberCount() {
    return subscribers.size();
  }

  /** Events handed to subscribers' streams so far (SUBSCRIBED and heartbeats included). */
  public long eventsSent() {
    return sent.sum();
  }

  /** Events queued for a subscriber whose stream ended before they were sent. */
  public long eventsDropped() {
    return dropped.sum();
  }

  void countSent() {
    sent.increment();
  }

  void countDropped(int events) {
    if (events > 0) {
      dropped.add(events);
    }
  }
}
