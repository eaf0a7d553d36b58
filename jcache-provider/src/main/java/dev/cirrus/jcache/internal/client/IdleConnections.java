package dev.cirrus.jcache.internal.client;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The data path's kept connections, up to {@link #CAPACITY}, each in a slot of its own. A thread
 * takes from and gives back to the slot its id picks first, so a busy thread keeps reusing its own
 * connection with one uncontended atomic exchange each way; when that slot is empty (or, giving
 * back, taken) it tries the others in turn. Slots lie a cache line apart, so threads working their
 * own slots do not contend for a line.
 *
 * <p>This replaced a deque, most recently used first, with a shared count beside it: every call
 * then wrote its head and the count twice and allocated a node, and at 16 threads those were lines
 * that every core fought over.
 *
 * <p>Thread-safe and lock-free: a connection is in at most one slot, and whoever swaps it out owns
 * it.
 */
final class IdleConnections {
  static final int CAPACITY = 64;
  /** Slots are this many references apart: 64 bytes with compressed references. */
  private static final int SPREAD = 16;

  private final AtomicReferenceArray<FastConnection> slots =
      new AtomicReferenceArray<>(CAPACITY * SPREAD);

  /** A kept connection, the calling thread's own if it left one, or null when none is kept. */
  FastConnection take() {
    int home = home();
    for (int i = 0; i < CAPACITY; i++) {
      int slot = index(home + i);
      // Read before swapping: an empty slot costs no write to its line.
      if (slots.get(slot) != null) {
        FastConnection connection = slots.getAndSet(slot, null);
        if (connection != null) {
          return connection;
        }
      }
    }
    return null;
  }

  /** Keeps {@code connection}; false when every slot is full (the caller closes it). */
  boolean offer(FastConnection connection) {
    int home = home();
    for (int i = 0; i < CAPACITY; i++) {
      int slot = index(home + i);
      if (slots.get(slot) == null && slots.compareAndSet(slot, null, connection)) {
        return true;
      }
    }
    return false;
  }

  /** Takes any kept connection, for closing them all; null when none is left. */
  FastConnection takeAny() {
    for (int i = 0; i < CAPACITY; i++) {
      FastConnection connection = slots.getAndSet(index(i), null);
      if (connection != null) {
        return connection;
      }
    }
    return null;
  }

  private static int index(int slot) {
    return (slot & (CAPACITY - 1)) * SPREAD;
  }

  /** The calling thread's first slot: thread ids count up, so threads started together differ. */
  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
  private static int home() {
    return (int) Thread.currentThread().getId();
  }
}
