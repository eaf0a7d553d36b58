package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;

/**
 * One entry to set, the condition it is set on, and its TTLs; the server applies it atomically.
 *
 * @param expectedValue what the entry must hold for {@link Condition#VALUE_EQUALS}, else null
 * @param expectedVersion the version the entry must have for {@link Condition#VERSION_EQUALS}
 * @param createTtl the TTL when the write creates the entry, or null for the default (eternal)
 * @param updateTtl the TTL when it updates one, or null for the default (unchanged)
 * @param notAppliedAccessTtl an access TTL applied when a present entry did not match the
 *     expected value (JCache counts that as an access), or null for none
 * @param returnPrevious whether the outcome carries the previous value
 */
public record EntryWrite(
    ByteString key,
    ByteString value,
    Condition condition,
    ByteString expectedValue,
    long expectedVersion,
    Ttl createTtl,
    Ttl updateTtl,
    Ttl notAppliedAccessTtl,
    boolean returnPrevious) {

  /** When a write applies. */
  public enum Condition { ALWAYS, IF_ABSENT, IF_PRESENT, VALUE_EQUALS, VERSION_EQUALS }

  /** A write on {@code condition} with no expected value or version. */
  public static EntryWrite of(ByteString key, ByteString value, Condition condition,
      Ttl createTtl, Ttl updateTtl, boolean returnPrevious) {
    return new EntryWrite(
        key, value, condition, null, 0, createTtl, updateTtl, null, returnPrevious);
  }
}
