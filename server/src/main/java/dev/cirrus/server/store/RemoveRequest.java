package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;

/** One conditional removal; {@code notAppliedAccessTtl} applies to a live entry left in place. */
public record RemoveRequest(
    ByteString key,
    RemoveCondition condition,
    ByteString expectedValue,
    long expectedVersion,
    TtlSpec notAppliedAccessTtl,
    boolean returnPrevious) {
  public RemoveRequest {
    requireNonNull(key, "key");
    requireNonNull(condition, "condition");
    requireNonNull(expectedValue, "expectedValue");
    requireNonNull(notAppliedAccessTtl, "notAppliedAccessTtl");
  }

  public static RemoveRequest always(ByteString key) {
    return new RemoveRequest(key, RemoveCondition.ALWAYS, ByteString.EMPTY, 0, TtlSpec.DEFAULT, false);
  }
}
