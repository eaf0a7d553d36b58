package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;

/**
 * One entry to remove and the condition it is removed on; the server applies it atomically.
 *
 * @param expectedValue what the entry must hold for {@link Condition#VALUE_EQUALS}, else null
 * @param expectedVersion the version the entry must have for {@link Condition#VERSION_EQUALS}
 * @param notAppliedAccessTtl an access TTL applied when a present entry did not match the
 *     expected value (JCache counts that as an access), or null for none
 * @param returnPrevious whether the outcome carries the previous value
 */
public record EntryRemoval(
    ByteString key,
    Condition condition,
    ByteString expectedValue,
    long expectedVersion,
    Ttl notAppliedAccessTtl,
    boolean returnPrevious) {

  /** When a removal applies. */
  public enum Condition { ALWAYS, VALUE_EQUALS, VERSION_EQUALS }

  /** An unconditional removal. */
  public static EntryRemoval always(ByteString key, boolean returnPrevious) {
    return new EntryRemoval(key, Condition.ALWAYS, null, 0, null, returnPrevious);
  }
}
