package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;

/**
 * A change stream that reopens itself: when it breaks (server restart, network) it is opened again
 * after a pause that grows from 50 ms to 1 s, until {@link #stop()}. When the client moves to
 * another node (its node went down) the stream is dropped at once, the loss reported, and it is
 * reopened on the new node without a pause (the pauses return while
 * moves follow one another with no stream confirmed). The handler hears every message, each confirmation
 * (also after a reopen), and each loss.
 *
 * <p>Concurrency: {@code stream}, {@code currentAttempt}, {@code open}, {@code attempt} and
 * {@code stopListening} are guarded by {@code this}; the handler is called without that lock, on
 * gRPC's thread or, for a move, on the thread whose call found the node down.
 */
public final class ResubscribingStream {

  /** Receives what happens on the stream. */
  public interface Handler {
    /** The server confirmed the subscription; no change is missed from here on. */
    void onSubscribed();

    /** An entry event, CLEARED, HEARTBEAT or CACHE_DELETED. */
    void onEvent(CacheChange change);

    /** The stream ended; a new one will be opened unless stopped. */
    void onLost(CacheException failure);
  }

  private final CirrusClient client;
  private final Subscription subscription;
  private final Handler handler;
  private final ScheduledExecutorService scheduler;
  private ChangeStream stream;
  private Object currentAttempt;
  private boolean open;
  private int attempt;
  /**
   * The latest scheduled reopen: an earlier one still pending (a break, then a move) must not open
   * a second attempt beside it.
   */
  private long reopening;
  /** Removes this stream's node-change listener; set while open. */
  private Runnable stopListening;

  public ResubscribingStream(
      CirrusClient client, Subscription subscription, Handler handler,
      ScheduledExecutorService scheduler) {
    this.client = Objects.requireNonNull(client, "client");
    this.subscription = Objects.requireNonNull(subscription, "subscription");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /** Opens the stream if it is not open; returns without waiting for the confirmation. */
  public synchronized void start() {
    if (!open) {
      open = true;
      attempt = 0;
      stopListening = client.onNodeChange(this::nodeChanged);
      subscribe();
    }
  }

  /**
   * Opens the stream if needed and waits for the server's confirmation.
   *
   * @throws CacheException when the stream could not be confirmed within the timeout
   */
  public void startAndAwait(Duration timeout) {
    ChangeStream current;
    synchronized (this) {
      start();
      current = stream;
    }
    if (current != null) {
      try {
        current.awaitSubscribed(timeout);
      } catch (CacheException e) {
        stop();
        throw e;
      }
    }
  }

  public synchronized void stop() {
    open = false;
    currentAttempt = null;
    if (stopListening != null) {
      stopListening.run();
      stopListening = null;
    }
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  /** Opens one attempt; called with the lock held. */
  private void subscribe() {
    // The attempt is identified by a token set before the call starts: the call may fail on
    // another thread before subscribe() returns the stream.
    Object attemptToken = new Object();
    currentAttempt = attemptToken;
    stream = client.subscribe(subscription, new ChangeStream.Listener() {
      @Override
      public void onEvent(CacheChange change) {
        if (change.type() == CacheChange.Type.SUBSCRIBED) {
          synchronized (ResubscribingStream.this) {
            attempt = 0;
          }
          handler.onSubscribed();
        } else {
          handler.onEvent(change);
        }
      }

      @Override
      public void onClosed(CacheException failure) {
        ended(attemptToken, failure);
      }
    });
  }

  private void ended(Object attemptToken, CacheException failure) {
    long delayMillis;
    long ticket;
    synchronized (this) {
      if (!open || currentAttempt != attemptToken) {
        return;
      }
      currentAttempt = null;
      stream = null;
      attempt++;
      delayMillis = Math.min(1_000, 50L << Math.min(attempt, 5));
      ticket = ++reopening;
    }
    handler.onLost(failure);
    if (failure != null && CirrusClient.isCacheNotFound(failure)) {
      // The server may have restarted empty; whoever owns the cache's configuration can bring it
      // back, and the next attempt then subscribes. The recovery talks to the server, so it runs on
      // the scheduler rather than on gRPC's thread.
      scheduleQuietly(() -> client.recoverMissingCache(subscription.cache()), 0);
    }
    try {
      scheduler.schedule(() -> reopen(ticket), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the CacheManager is closing
    }
  }

  /**
   * The client moved to {@code node}: a stream open elsewhere hears nothing of the writes sent
   * there, so it is dropped (its loss reported before the caller's retry runs on the new node, so a
   * near cache cannot serve what it may have missed) and opened again on the new node.
   */
  private void nodeChanged(Endpoint node) {
    long delayMillis;
    long ticket;
    synchronized (this) {
      if (!open || (stream != null && stream.endpoint().equals(node))) {
        return;
      }
      // The old attempt's end, when it comes, is ignored: its token is no longer current.
      currentAttempt = null;
      if (stream != null) {
        stream.close();
        stream = null;
      }
      // At once after a confirmed stream; with growing pauses while moves follow each other
      // unconfirmed (every node down), so streams never spin from node to node.
      delayMillis = attempt == 0 ? 0 : Math.min(1_000, 50L << Math.min(attempt, 5));
      attempt++;
      ticket = ++reopening;
    }
    handler.onLost(null);
    try {
      scheduler.schedule(() -> reopen(ticket), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the CacheManager is closing
    }
  }

  private void scheduleQuietly(Runnable task, long delayMillis) {
    try {
      scheduler.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          // the server is still away; the next reopen attempt tries again
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the CacheManager is closing
    }
  }

  private synchronized void reopen(long ticket) {
    if (open && currentAttempt == null && ticket == reopening) {
      subscribe();
    }
  }
}
