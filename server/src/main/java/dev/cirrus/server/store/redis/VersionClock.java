package dev.cirrus.server.store.redis;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's source of new versions, with no counter shared by the cluster: the next version is
 * above the last one this node handed out and at least the clock in units of 2^10 versions per
 * millisecond. The write script then takes the greater of that and the entry's version + 1, so a
 * key's versions grow whichever node writes it. Versions stay below 2^53 (exact in Redis's Lua
 * numbers) until the year 2248.
 *
 * <p>Clock assumption: a key that is removed (or expires) and written again gets a version above
 * its old one as long as the writing node's clock is not behind the clock of the node that wrote
 * the old version by more than the time between the two writes; a deleted cache's successor
 * always starts on fresh keys (a new incarnation). Keep node clocks in step (NTP).
 */
final class VersionClock {
  static final int VERSIONS_PER_MILLI_BITS = 10;

  private final Clock clock;
  private final AtomicLong last = new AtomicLong();

  VersionClock(Clock clock) {
    this.clock = clock;
  }

  long next() {
    long floor = clock.millis() << VERSIONS_PER_MILLI_BITS;
    return last.accumulateAndGet(floor, (previous, atLeast) -> Math.max(previous + 1, atLeast));
  }
}
