package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/**
 * A read: the live entry's value and version when found; {@code expired} when it had just expired.
 * {@code expiresInMillis} is how long the entry has left after this read (0: no expiry), so that a
 * client-side near cache never outlives the entry.
 */
public record ReadResult(
    boolean found, ByteString value, long version, ExpiredEntry expired, long expiresInMillis) {
  public static final ReadResult MISS = new ReadResult(false, null, 0, null, 0);

  static ReadResult hit(StoredEntry entry, long expiresAt, long now) {
    return new ReadResult(true, entry.value(), entry.version(), null, TtlSpec.remaining(expiresAt, now));
  }
}
