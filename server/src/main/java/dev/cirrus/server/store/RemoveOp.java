package dev.cirrus.server.store;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeType;

/** A conditional removal; publishes REMOVED with the removed value and version. */
final class RemoveOp implements KeyOp {
  private final CacheSlot slot;
  private final RemoveRequest removal;
  private final String clientId;
  RemoveResult result;

  RemoveOp(CacheSlot slot, RemoveRequest removal, String clientId) {
    this.slot = slot;
    this.removal = removal;
    this.clientId = clientId;
  }

  @Override
  public StoredEntry apply(StoredEntry current, long now) {
    ByteString key = removal.key();
    ExpiredEntry expired = null;
    StoredEntry live = current;
    if (current != null && current.isExpiredAt(now)) {
      expired = slot.expire(key, current, clientId);
      live = null;
    }
    if (live == null) {
      result = new RemoveResult(false, false, null, 0, expired);
      return null;
    }
    ByteString previous = removal.returnPrevious() ? live.value() : null;
    boolean holds = switch (removal.condition()) {
      case ALWAYS -> true;
      case VALUE_EQUALS -> live.value().equals(removal.expectedValue());
      case VERSION_EQUALS -> live.version() == removal.expectedVersion();
    };
    if (!holds) {
      result = new RemoveResult(false, true, previous, live.version(), expired);
      return live.withExpiry(removal.notAppliedAccessTtl().expiryForExisting(now, live.expiresAt()));
    }
    slot.publish(ChangeType.REMOVED, key, null, live.value(), live.version(), clientId);
    result = new RemoveResult(true, true, previous, 0, expired);
    return null;
  }
}
