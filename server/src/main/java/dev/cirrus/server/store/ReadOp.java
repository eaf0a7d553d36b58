package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/** A read that may reset the entry's expiry on a hit (JCache expiry-for-access). */
final class ReadOp implements KeyOp {
  private final CacheSlot slot;
  private final ByteString key;
  private final TtlSpec accessTtl;
  private final String clientId;
  ReadResult result = ReadResult.MISS;

  ReadOp(CacheSlot slot, ByteString key, TtlSpec accessTtl, String clientId) {
    this.slot = slot;
    this.key = key;
    this.accessTtl = accessTtl;
    this.clientId = clientId;
  }

  @Override
  public StoredEntry apply(StoredEntry current, long now) {
    if (current == null) {
      return null;
    }
    if (current.isExpiredAt(now)) {
      result = new ReadResult(false, null, 0, slot.expire(key, current, clientId), 0);
      return null;
    }
    long expiresAt = accessTtl.expiryForExisting(now, current.expiresAt());
    result = ReadResult.hit(current, expiresAt, now);
    return current.withExpiry(expiresAt);
  }
}
