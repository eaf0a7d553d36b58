package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/**
 * What a removal did. {@code version} is the current version when not removed (0 if absent);
 * {@code previousValue} is set only when a live entry existed and the caller asked for it.
 */
public record RemoveResult(
    boolean removed, boolean hadPrevious, ByteString previousValue, long version, ExpiredEntry expired) {}
