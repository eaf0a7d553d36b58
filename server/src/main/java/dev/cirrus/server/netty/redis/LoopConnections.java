package dev.cirrus.server.netty.redis;

import dev.cirrus.server.netty.EventLoops;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The data-path loops' own connections to the Redis masters ({@link LoopConnection}): one per
 * loop and master, opened on the first call a loop makes to that master (that call, and any until
 * it is up, go through Lettuce). At most loops × masters connections, each bounded in what it has
 * out. Not used over TLS, where calls keep Lettuce's connection.
 */
public final class LoopConnections implements AutoCloseable {
  /** How long after a connection closed a loop waits before it opens another to that master. */
  private static final long REOPEN_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String password;
  private final Duration timeout;
  private final Map<EventLoop, Map<String, LoopConnection>> byLoop = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param password sent with AUTH first, or null
   * @param timeout how long a command may wait for its answer before its connection is closed
   */
  public LoopConnections(String password, Duration timeout) {
    this.password = password;
    this.timeout = timeout;
  }

  /** Whether the calling thread is a loop that can call Redis here ({@link EventLoops#current}). */
  public static boolean onLoop() {
    return EventLoops.current() != null;
  }

  /**
   * Sends {@code command} to the Redis node {@code nodeId} at {@code host:port}, written by the
   * calling thread's loop on its connection there, completed on this loop (see {@link
   * LoopConnection#call} for the answer and its failures). Null when the calling thread is no
   * such loop, or its connection cannot take it now: the caller sends it elsewhere.
   */
  public CompletableFuture<Object> call(String nodeId, String host, int port, byte[][] command) {
    EventLoop loop = EventLoops.current();
    if (loop == null) {
      return null;
    }
    if (closed) {
      return null;
    }
    Map<String, LoopConnection> mine = byLoop.computeIfAbsent(loop, l -> new ConcurrentHashMap<>());
    LoopConnection connection = mine.get(nodeId);
    if (connection == null || connection.closedFor(REOPEN_SPACING_NANOS)
        || !connection.reaches(host, port)) {
      if (connection != null) {
        connection.close();
      }
      LoopConnection opened = new LoopConnection(loop, host, port, timeout);
      mine.put(nodeId, opened);
      opened.open(password);
      return null;
    }
    return connection.call(command);
  }

  @Override
  public void close() {
    closed = true;
    byLoop.values().forEach(mine -> mine.values().forEach(LoopConnection::close));
  }
}
