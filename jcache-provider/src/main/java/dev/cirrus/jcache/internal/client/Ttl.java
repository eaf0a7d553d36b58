package dev.cirrus.jcache.internal.client;

import dev.cirrus.proto.v1.TtlMode;
import java.util.Objects;

/**
 * What a call asks of an entry's time to live: keep it as it is ({@link #UNCHANGED}), no expiry
 * ({@link #ETERNAL}), or expire a duration after the call ({@link #ofMillis}); {@link #ZERO}
 * means expired at once: a created entry is not stored, an updated one is removed as expired, an
 * accessed one expires right after the read. Where a call takes a TTL, null means the operation's
 * default: eternal for a creation, unchanged for an update or an access.
 *
 * <p>Immutable. Its cirrus.v1 form is made once, with it: the TTLs of the standard expiry policies
 * are worked out once per cache and then travel with every call.
 */
public final class Ttl {
  public static final Ttl UNCHANGED = new Ttl(TtlMode.TTL_MODE_UNCHANGED, 0);
  public static final Ttl ETERNAL = new Ttl(TtlMode.TTL_MODE_ETERNAL, 0);
  public static final Ttl ZERO = new Ttl(TtlMode.TTL_MODE_DURATION, 0);

  private final long millis;
  private final dev.cirrus.proto.v1.Ttl wire;

  private Ttl(TtlMode mode, long millis) {
    this.millis = millis;
    this.wire = dev.cirrus.proto.v1.Ttl.newBuilder().setMode(mode).setMillis(millis).build();
  }

  /** Expire {@code millis} after the call; 0 is {@link #ZERO}. */
  public static Ttl ofMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("a TTL cannot be negative, was " + millis + " ms");
    }
    return millis == 0 ? ZERO : new Ttl(TtlMode.TTL_MODE_DURATION, millis);
  }

  public boolean isUnchanged() {
    return this == UNCHANGED;
  }

  public boolean isEternal() {
    return this == ETERNAL;
  }

  /** Whether the entry expires at once. */
  public boolean isZero() {
    return this == ZERO;
  }

  /** The duration in milliseconds; 0 for {@link #UNCHANGED} and {@link #ETERNAL} (no duration). */
  public long durationMillis() {
    return millis;
  }

  dev.cirrus.proto.v1.Ttl wire() {
    return wire;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ttl other && other.wire.getMode() == wire.getMode() && other.millis == millis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(wire.getMode(), millis);
  }

  @Override
  public String toString() {
    return isUnchanged() ? "Ttl[unchanged]" : isEternal() ? "Ttl[eternal]" : "Ttl[" + millis + " ms]";
  }
}
