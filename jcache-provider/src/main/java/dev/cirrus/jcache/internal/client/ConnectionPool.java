package dev.cirrus.jcache.internal.client;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which of a data path's connections a call uses: an unused one while there is one, the most
 * recently used first (so a busy client keeps hot ones); else room for a new one while fewer than
 * the bound are open; else, at the bound, the open one with the fewest calls in flight, to share.
 * A connection goes back once no call is in flight on it. Kept connections unused for half the
 * server's idle timeout are closed rather than used (the server's close could otherwise cross a
 * request on the wire), and one unused for over {@link #CHECK_AFTER_UNUSED} is first checked for a
 * GOODBYE the server sent meanwhile (a restart).
 *
 * <p>Thread-safe.
 */
final class ConnectionPool {
  /**
   * How long a kept connection may go unused before it is checked for a GOODBYE: well below any
   * server's idle timeout (at least 100 ms from its command line), and long enough that a busy
   * client's hot connections are never checked.
   */
  static final Duration CHECK_AFTER_UNUSED = Duration.ofMillis(50);
  private static final long CHECK_AFTER_UNUSED_NANOS = CHECK_AFTER_UNUSED.toNanos();

  private final int maxConnections;
  /** Kept connections unused this long are closed, not used: half the server's idle timeout. */
  private final long retireAfterUnusedNanos;
  private final ConcurrentLinkedDeque<FastConnection> idle = new ConcurrentLinkedDeque<>();
  /** The connections open (or being opened), at most {@link #maxConnections}. */
  private final AtomicInteger openCount = new AtomicInteger();
  /** The connections open, for calls to share at the bound. */
  private final CopyOnWriteArrayList<FastConnection> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * @param maxConnections the most connections open at once, beyond which calls share them
   * @param serverIdleTimeout how long the server keeps a connection that sends nothing, or zero
   *     when it did not say
   */
  ConnectionPool(int maxConnections, Duration serverIdleTimeout) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("at least one connection, not " + maxConnections);
    }
    this.maxConnections = maxConnections;
    this.retireAfterUnusedNanos = serverIdleTimeout.isZero() || serverIdleTimeout.isNegative()
        ? Long.MAX_VALUE : serverIdleTimeout.toNanos() / 2;
  }

  /**
   * A connection for a call starting at {@code nowNanos}: an unused one, or else, at the bound, a
   * busy one to share; null when a new one may be opened, for which room is then taken (make it
   * and hand it to {@link #opened}, or {@link #giveBackRoom} if it cannot be made).
   */
  FastConnection take(long nowNanos) {
    while (true) {
      FastConnection connection = takeIdle(nowNanos);
      if (connection != null) {
        return connection;
      }
      int count = openCount.get();
      if (count < maxConnections) {
        if (openCount.compareAndSet(count, count + 1)) {
          return null;
        }
        continue;
      }
      connection = leastBusy();
      if (connection != null) {
        connection.lastUsedNanos(nowNanos);
        return connection;
      }
      // Every connection is closing or being opened at this instant.
      Thread.onSpinWait();
    }
  }

  /** A connection made in the room {@link #take} took; it leaves the count when it closes. */
  void opened(FastConnection connection) {
    open.add(connection);
    connection.onClose(() -> {
      open.remove(connection);
      openCount.decrementAndGet();
    });
  }

  /** The connection {@link #take} made room for could not be made. */
  void giveBackRoom() {
    openCount.decrementAndGet();
  }

  /**
   * A kept connection for a call starting at {@code nowNanos}, or null. One that has been unused
   * for a while and holds a GOODBYE the server sent meanwhile (its idle timeout, or a restart) is
   * closed instead: it never carries the request, so nothing is in doubt.
   */
  private FastConnection takeIdle(long nowNanos) {
    FastConnection connection;
    while ((connection = pollIdle()) != null) {
      if (connection.inFlight() > 0) {
        // Shared meanwhile by a call at the bound: in use, so neither idle nor closed by the server.
        return connection;
      }
      long unused = nowNanos - connection.lastUsedNanos();
      connection.lastUsedNanos(nowNanos);
      // Retired well before the server's idle timeout, so its close never meets a request; one
      // closed for another reason (a restart) has said GOODBYE, which the check finds.
      boolean retired = unused > retireAfterUnusedNanos;
      if (!retired && (unused <= CHECK_AFTER_UNUSED_NANOS || !connection.hasUnaskedInput())) {
        return connection;
      }
      connection.close();
    }
    return null;
  }

  /** The open connection with the fewest calls in flight, or null when none is usable. */
  private FastConnection leastBusy() {
    FastConnection least = null;
    int fewest = Integer.MAX_VALUE;
    for (FastConnection connection : open) {
      int calls = connection.inFlight();
      if (calls < fewest && connection.reusable()) {
        fewest = calls;
        least = connection;
      }
    }
    return least;
  }

  private FastConnection pollIdle() {
    FastConnection connection = idle.pollFirst();
    if (connection != null) {
      connection.unpool();
    }
    return connection;
  }

  /**
   * A call is done with {@code connection}: it goes back once no call is in flight on it (the
   * last of the calls sharing it puts it back).
   */
  void release(FastConnection connection) {
    if (!connection.reusable()) {
      connection.close();
      return;
    }
    if (connection.inFlight() > 0 || !connection.pool()) {
      return;
    }
    if (closed) {
      connection.close();
      return;
    }
    idle.offerFirst(connection);
    if (closed) {
      closeIdle();
    }
  }

  /** Closes the connections no call is using. */
  void closeIdle() {
    FastConnection connection;
    while ((connection = pollIdle()) != null) {
      connection.close();
    }
  }

  /** Closes the kept connections; calls in flight close theirs when they end. Idempotent. */
  void close() {
    closed = true;
    closeIdle();
  }
}
