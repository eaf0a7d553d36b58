package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;

/**
 * What a write did.
 *
 * @param effect whether it created, updated or left the entry
 * @param version the entry's version after the write (when applied)
 * @param hadPrevious whether a live entry was there before
 * @param previousValue the previous value when asked for and there was one, else empty
 * @param expiredOnWrite whether the entry was stored with a zero TTL, so it is gone already
 * @param expiredValue the value of an entry the write found expired, or null when there was none
 * @param expiresInMillis the entry's remaining time to live at the server, 0 for none
 */
public record WriteOutcome(
    Effect effect,
    long version,
    boolean hadPrevious,
    ByteString previousValue,
    boolean expiredOnWrite,
    ByteString expiredValue,
    long expiresInMillis) {

  public enum Effect { CREATED, UPDATED, NOT_APPLIED }

  public boolean created() {
    return effect == Effect.CREATED;
  }

  public boolean updated() {
    return effect == Effect.UPDATED;
  }

  public boolean applied() {
    return effect != Effect.NOT_APPLIED;
  }
}
