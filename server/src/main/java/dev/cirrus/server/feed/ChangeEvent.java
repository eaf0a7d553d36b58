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

  /**
   * What the event is taken to weigh in a subscriber's queue: its bytes (key and values) and the
   * bookkeeping of the event and its queue node, so that a queue of empty keys is bounded too.
   */
  static final int OVERHEAD_BYTES = 96;

  /** The bytes this event holds in a queue, by {@link #OVERHEAD_BYTES}'s reckoning. */
  long weight() {
    return OVERHEAD_BYTES + key.size() + writerClientId.length()
        + (value == null ? 0 : value.size()) + (oldValue == null ? 0 : oldValue.size());
  }

  /** This event without its values, for subscribers that did not ask for them. */
  ChangeEvent withoutValues() {
    return value == null && oldValue == null
        ? this : new ChangeEvent(type, key, null, null, version, writerClientId);
  }

  /** An event about the whole stream or cache, not one key. */
  public static ChangeEvent control(ChangeType type, String writerClientId) {
    return new ChangeEvent(type, ByteString.EMPTY, null, null, 0, writerClientId);
  }
}
