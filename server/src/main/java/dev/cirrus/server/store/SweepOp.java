package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/**
 * The sweeper's step for one due mark: removes the entry if it has expired (EXPIRED with an empty
 * writer id), or, when this was the entry's pending mark and its expiry moved later, clears the
 * mark so that {@link CacheSlot#settle} registers a new one at the current expiry.
 */
final class SweepOp implements KeyOp {
  private final CacheSlot slot;
  private final ByteString key;
  private final long markAt;

  SweepOp(CacheSlot slot, ByteString key, long markAt) {
    this.slot = slot;
    this.key = key;
    this.markAt = markAt;
  }

  @Override
  public StoredEntry apply(StoredEntry current, long now) {
    if (current == null) {
      return null;
    }
    if (current.isExpiredAt(now)) {
      slot.expire(key, current, "");
      return null;
    }
    return current.markedAt() == markAt ? current.withMarkedAt(TtlSpec.NEVER) : current;
  }
}
