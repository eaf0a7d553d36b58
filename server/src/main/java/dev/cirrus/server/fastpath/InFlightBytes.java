package dev.cirrus.server.fastpath;

import dev.cirrus.wire.Frames;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request bytes a listener's connections hold in frame buffers beyond each frame's first
 * {@link Frames#GROWTH_START} bytes, bounded server-wide. A connection takes its share as its
 * buffer grows with the bytes that arrive ({@link Frames#readPayload}) and gives it back once the
 * request is answered, so a get, whose frame is small, never touches the shared count.
 */
final class InFlightBytes {
  private final long max;
  private final AtomicLong held = new AtomicLong();

  InFlightBytes(long max) {
    this.max = max;
  }

  long max() {
    return max;
  }

  /** The bytes held now. */
  long held() {
    return held.get();
  }

  /** A new connection's share, used on its event loop only. */
  Share share() {
    return new Share();
  }

  private boolean tryTake(long bytes) {
    long now;
    do {
      now = held.get();
      if (now + bytes > max) {
        return false;
      }
    } while (!held.compareAndSet(now, now + bytes));
    return true;
  }

  /** What one connection holds: its frame's buffer growth, released after each request. */
  final class Share implements Frames.Allowance {
    private long taken;

    @Override
    public boolean tryTake(int bytes) {
      if (!InFlightBytes.this.tryTake(bytes)) {
        return false;
      }
      taken += bytes;
      return true;
    }

    /** Gives back everything this connection holds; free when it holds nothing. */
    void release() {
      if (taken != 0) {
        held.addAndGet(-taken);
        taken = 0;
      }
    }
  }
}
