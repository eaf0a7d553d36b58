package dev.cirrus.jcache.internal.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the deadlines of the data path's calls, whose connections read without a timeout (see
 * {@link FastConnection}): one daemon thread for all open connections of the JVM looks at each
 * every {@link #TICK_NANOS} and closes the connection of a call past its deadline. A call so ends
 * at most a tick after its deadline. The thread runs only while a connection is open; a call pays
 * two writes of a field, not a timer of its own.
 */
final class DeadlineWatchdog {
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private static final Set<FastConnection> WATCHED = ConcurrentHashMap.newKeySet();
  private static final Object LOCK = new Object();
  /** Whether the thread runs; it ends, under the lock, when it finds nothing left to watch. */
  private static boolean running;

  private DeadlineWatchdog() {}

  static void watch(FastConnection connection) {
    WATCHED.add(connection);
    synchronized (LOCK) {
      if (!running) {
        running = true;
        Thread thread = new Thread(DeadlineWatchdog::run, "cirrus-call-deadlines");
        thread.setDaemon(true);
        // An application server's class loader must not be kept alive by this thread.
        thread.setContextClassLoader(null);
        thread.start();
      }
    }
  }

  static void forget(FastConnection connection) {
    WATCHED.remove(connection);
  }

  private static void run() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      for (FastConnection connection : WATCHED) {
        connection.endIfOverdue(now);
      }
      synchronized (LOCK) {
        if (WATCHED.isEmpty()) {
          running = false;
          return;
        }
      }
    }
  }
}
