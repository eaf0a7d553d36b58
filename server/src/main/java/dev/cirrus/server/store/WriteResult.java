package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/**
 * What a write did. {@code version} is the new version when applied, else the current one (0 if
 * absent). {@code previousValue} is set only when a live entry existed and the caller asked for it.
 * {@code expired} is non-null when the write found the key's entry expired and removed it first.
 * {@code expiresInMillis} is the stored entry's remaining time to live (0: no expiry).
 */
public record WriteResult(
    Outcome outcome,
    long version,
    boolean hadPrevious,
    ByteString previousValue,
    boolean expiredOnWrite,
    ExpiredEntry expired,
    long expiresInMillis) {

  public enum Outcome {
    CREATED,
    UPDATED,
    NOT_APPLIED
  }

  public boolean applied() {
    return outcome != Outcome.NOT_APPLIED;
  }
}
