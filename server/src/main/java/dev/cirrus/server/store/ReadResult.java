package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/** A read: the live entry's value and version when found; {@code expired} when it had just expired. */
public record ReadResult(boolean found, ByteString value, long version, ExpiredEntry expired) {
  static final ReadResult MISS = new ReadResult(false, null, 0, null);
}
