package dev.cirrus.server.store;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeType;
import dev.cirrus.server.store.WriteResult.Outcome;

/**
 * A conditional write. A zero create TTL stores nothing (no version, no event); a zero update TTL
 * applies the update (UPDATED) and removes the entry as expired at once (EXPIRED), as JCache's
 * {@code Duration.ZERO} demands.
 */
final class WriteOp implements KeyOp {
  private final CacheSlot slot;
  private final WriteRequest write;
  private final String clientId;
  WriteResult result;

  WriteOp(CacheSlot slot, WriteRequest write, String clientId) {
    this.slot = slot;
    this.write = write;
    this.clientId = clientId;
  }

  @Override
  public StoredEntry apply(StoredEntry current, long now) {
    ByteString key = write.key();
    ExpiredEntry expired = null;
    StoredEntry live = current;
    if (current != null && current.isExpiredAt(now)) {
      expired = slot.expire(key, current, clientId);
      live = null;
    }
    ByteString previous = live != null && write.returnPrevious() ? live.value() : null;
    if (!conditionHolds(live)) {
      result = new WriteResult(Outcome.NOT_APPLIED, live == null ? 0 : live.version(),
          live != null, previous, false, expired, 0);
      return live == null
          ? null
          : live.withExpiry(write.notAppliedAccessTtl().expiryForExisting(now, live.expiresAt()));
    }
    if (live == null) {
      return create(key, now, expired);
    }
    long version = slot.nextVersion();
    slot.publish(ChangeType.UPDATED, key, write.value(), live.value(), version, clientId);
    if (write.updateTtl().isZero()) {
      slot.publish(ChangeType.EXPIRED, key, null, write.value(), version, clientId);
      result = new WriteResult(Outcome.UPDATED, version, true, previous, true, expired, 0);
      return null;
    }
    long expiresAt = write.updateTtl().expiryForExisting(now, live.expiresAt());
    result = new WriteResult(Outcome.UPDATED, version, true, previous, false, expired,
        TtlSpec.remaining(expiresAt, now));
    return live.update(write.value(), version, expiresAt);
  }

  private StoredEntry create(ByteString key, long now, ExpiredEntry expired) {
    if (write.createTtl().isZero()) {
      result = new WriteResult(Outcome.CREATED, 0, false, null, true, expired, 0);
      return null;
    }
    long version = slot.nextVersion();
    slot.publish(ChangeType.CREATED, key, write.value(), null, version, clientId);
    long expiresAt = write.createTtl().expiryForCreate(now);
    result = new WriteResult(Outcome.CREATED, version, false, null, false, expired,
        TtlSpec.remaining(expiresAt, now));
    return StoredEntry.create(write.value(), version, expiresAt);
  }

  private boolean conditionHolds(StoredEntry live) {
    return switch (write.condition()) {
      case ALWAYS -> true;
      case IF_ABSENT -> live == null;
      case IF_PRESENT -> live != null;
      case VALUE_EQUALS -> live != null && live.value().equals(write.expectedValue());
      case VERSION_EQUALS -> live != null && live.version() == write.expectedVersion();
    };
  }
}
