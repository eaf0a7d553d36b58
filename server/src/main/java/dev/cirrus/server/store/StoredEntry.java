package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/**
 * An entry as the in-memory store keeps it. {@code expiresAt} is in clock millis ({@link
 * TtlSpec#NEVER} for eternal); the entry is expired from that instant on. {@code markedAt} is the
 * time of the pending sweep mark registered for this entry in its cache's {@link ExpiryIndex}
 * ({@code NEVER} when none), so that re-setting a TTL does not pile up marks.
 */
record StoredEntry(ByteString value, long version, long expiresAt, long markedAt) {

  static StoredEntry create(ByteString value, long version, long expiresAt) {
    return new StoredEntry(value, version, expiresAt, TtlSpec.NEVER);
  }

  boolean isExpiredAt(long now) {
    return expiresAt != TtlSpec.NEVER && expiresAt <= now;
  }

  StoredEntry withExpiry(long newExpiresAt) {
    return newExpiresAt == expiresAt ? this : new StoredEntry(value, version, newExpiresAt, markedAt);
  }

  StoredEntry update(ByteString newValue, long newVersion, long newExpiresAt) {
    return new StoredEntry(newValue, newVersion, newExpiresAt, markedAt);
  }

  StoredEntry withMarkedAt(long newMarkedAt) {
    return new StoredEntry(value, version, expiresAt, newMarkedAt);
  }
}
