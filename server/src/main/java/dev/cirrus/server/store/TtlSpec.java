package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

/**
 * How long an entry lives from the moment an operation is applied. {@link Mode#DEFAULT} is the
 * operation's default: eternal for a created entry, unchanged for an updated or accessed one.
 * Range checks belong to the limits layer; a negative duration is treated as zero here.
 */
public record TtlSpec(Mode mode, long millis) {
  public static final TtlSpec DEFAULT = new TtlSpec(Mode.DEFAULT, 0);
  public static final TtlSpec ETERNAL = new TtlSpec(Mode.ETERNAL, 0);
  public static final TtlSpec UNCHANGED = new TtlSpec(Mode.UNCHANGED, 0);

  /** Marks an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  public enum Mode {
    DEFAULT,
    ETERNAL,
    UNCHANGED,
    DURATION
  }

  public TtlSpec {
    requireNonNull(mode, "mode");
  }

  public static TtlSpec ofMillis(long millis) {
    return new TtlSpec(Mode.DURATION, millis);
  }

  public boolean isZero() {
    return mode == Mode.DURATION && millis == 0;
  }

  /** The expiry time for a newly created entry: {@code DEFAULT} and {@code UNCHANGED} are eternal. */
  long expiryForCreate(long now) {
    return mode == Mode.DURATION ? saturatedAdd(now, Math.max(0, millis)) : NEVER;
  }

  /** The expiry time for an existing entry whose current expiry is {@code current}. */
  long expiryForExisting(long now, long current) {
    return switch (mode) {
      case DEFAULT, UNCHANGED -> current;
      case ETERNAL -> NEVER;
      case DURATION -> saturatedAdd(now, Math.max(0, millis));
    };
  }

  /** Whether applying this spec to an existing entry may change its expiry. */
  public boolean changesExisting() {
    return mode == Mode.ETERNAL || mode == Mode.DURATION;
  }

  /** Milliseconds from {@code now} until {@code expiresAt}; 0 for {@link #NEVER}, at least 1 otherwise. */
  static long remaining(long expiresAt, long now) {
    return expiresAt == NEVER ? 0 : Math.max(1, expiresAt - now);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? NEVER : sum;
  }
}
