package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;

/**
 * One conditional write. {@code expectedValue} is read for {@link WriteCondition#VALUE_EQUALS},
 * {@code expectedVersion} for {@link WriteCondition#VERSION_EQUALS}. {@code createTtl} applies when
 * the write creates the entry, {@code updateTtl} when it replaces a live one, and
 * {@code notAppliedAccessTtl} to a live entry when the condition fails.
 */
public record WriteRequest(
    ByteString key,
    ByteString value,
    WriteCondition condition,
    ByteString expectedValue,
    long expectedVersion,
    TtlSpec createTtl,
    TtlSpec updateTtl,
    TtlSpec notAppliedAccessTtl,
    boolean returnPrevious) {
  public WriteRequest {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    requireNonNull(condition, "condition");
    requireNonNull(expectedValue, "expectedValue");
    requireNonNull(createTtl, "createTtl");
    requireNonNull(updateTtl, "updateTtl");
    requireNonNull(notAppliedAccessTtl, "notAppliedAccessTtl");
  }

  /** An unconditional write with default TTLs. */
  public static WriteRequest put(ByteString key, ByteString value) {
    return new WriteRequest(
        key, value, WriteCondition.ALWAYS, ByteString.EMPTY, 0,
        TtlSpec.DEFAULT, TtlSpec.DEFAULT, TtlSpec.DEFAULT, false);
  }
}
