package dev.cirrus.server.netty.redis;

import dev.cirrus.server.netty.EventLoops;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The data-path loops' own connections to the Redis masters ({@link LoopConnection}): one per
 * loop and master, opened on the first read a loop asks of that master (that read, and any until
 * it is up, go through Lettuce). At most loops × masters connections, each bounded in what it has
 * out. Not used over TLS, where reads keep Lettuce's connection.
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

  /** Whether the calling thread is a loop that can read here ({@link EventLoops#current}). */
  public static boolean onLoop() {
    return EventLoops.current() != null;
  }

  /**
   * MGET of {@code keys} on the Redis node {@code nodeId} at {@code host:port}, written by the
   * calling thread's loop on its connection there: the values (null for a missing one), completed
   * on this loop; a refusal (MOVED, say) or a broken connection fails it. Null when the calling
   * thread is no such loop, or its connection cannot take it now (see {@link
   * LoopConnection#mget}): the caller reads elsewhere.
   */
  public CompletableFuture<List<byte[]>> mget(String nodeId, String host, int port,
      byte[][] keys) {
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
    return connection.mget(keys);
  }

  @Override
  public void close() {
    closed = true;
    byLoop.values().forEach(mine -> mine.values().forEach(LoopConnection::close));
  }
}
