package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/** Changes a live entry's expiry without writing it; never changes the version. */
final class TouchOp implements KeyOp {
  private final CacheSlot slot;
  private final ByteString key;
  private final TtlSpec ttl;
  private final long expectedVersion;
  private final String clientId;
  boolean touched;

  TouchOp(CacheSlot slot, ByteString key, TtlSpec ttl, long expectedVersion, String clientId) {
    this.slot = slot;
    this.key = key;
    this.ttl = ttl;
    this.expectedVersion = expectedVersion;
    this.clientId = clientId;
  }

  @Override
  public StoredEntry apply(StoredEntry current, long now) {
    if (current == null) {
      return null;
    }
    if (current.isExpiredAt(now)) {
      slot.expire(key, current, clientId);
      return null;
    }
    if (expectedVersion != 0 && expectedVersion != current.version()) {
      return current;
    }
    touched = true;
    return current.withExpiry(ttl.expiryForExisting(now, current.expiresAt()));
  }
}
