package dev.cirrus.server.feed;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;

/**
 * One change. {@code value} is the new value (CREATED, UPDATED), {@code oldValue} the value before
 * the change (UPDATED, REMOVED, EXPIRED); either is null when it does not apply. {@code version} is
 * the new version, or the removed entry's. {@code writerClientId} is empty for changes the server
 * made on its own (expiry found by the sweeper).
 */
public record ChangeEvent(
    ChangeType type,
    ByteString key,
    ByteString value,
    ByteString oldValue,
    long version,
    String writerClientId) {

  public ChangeEvent {
    requireNonNull(type, "type");
    requireNonNull(key, "key");
    requireNonNull(writerClientId, "writerClientId");
  }

  /** An event about the whole stream or cache, not one key. */
  public static ChangeEvent control(ChangeType type, String writerClientId) {
    return new ChangeEvent(type, ByteString.EMPTY, null, null, 0, writerClientId);
  }
}
