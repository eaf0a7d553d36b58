package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;

/**
 * What a removal did.
 *
 * @param removed whether it removed a live entry
 * @param hadPrevious whether a live entry was there
 * @param previousValue the removed (or, when not removed, present) value when asked for, else
 *     empty
 * @param version the present entry's version
 * @param expiredValue the value of an entry the removal found expired, or null when there was none
 */
public record RemovalOutcome(
    boolean removed,
    boolean hadPrevious,
    ByteString previousValue,
    long version,
    ByteString expiredValue) {}
