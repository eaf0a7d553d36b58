package dev.cirrus.server.store.redis;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A scan's position over a Redis cache, held by the client: the incarnation it belongs to, the
 * bucket and the last key returned from it (none: the bucket's start). Buckets are walked in
 * order and keys in byte order within one, so a key present for the whole scan is returned
 * exactly once, and the server keeps no state per scan. A cursor of another cache, or of an
 * earlier cache of the same name, is refused with a clear error.
 *
 * <p>Format: {@code [byte FORMAT][byte incarnation length][incarnation][byte bucket]
 * [byte 1: after a key | 0: bucket start][last key]}.
 */
record RedisScanCursor(int bucket, ByteString afterKey) {
  private static final byte FORMAT = 2;

  static RedisScanCursor start() {
    return new RedisScanCursor(0, null);
  }

  /** The argument of the scan script: '-' for the bucket's start, else '(' and the key. */
  byte[] from() {
    if (afterKey == null) {
      return new byte[] {'-'};
    }
    return ByteString.copyFrom(new byte[] {'('}).concat(afterKey).toByteArray();
  }

  ByteString encode(String incarnation) {
    byte[] inc = incarnation.getBytes(StandardCharsets.US_ASCII);
    byte[] header = new byte[4 + inc.length];
    header[0] = FORMAT;
    header[1] = (byte) inc.length;
    System.arraycopy(inc, 0, header, 2, inc.length);
    header[2 + inc.length] = (byte) bucket;
    header[3 + inc.length] = (byte) (afterKey == null ? 0 : 1);
    ByteString cursor = ByteString.copyFrom(header);
    return afterKey == null ? cursor : cursor.concat(afterKey);
  }

  static RedisScanCursor decode(ByteString cursor, LiveCache cache) {
    byte[] inc = cache.incarnation().getBytes(StandardCharsets.US_ASCII);
    int header = 4 + inc.length;
    if (cursor.size() < header || cursor.byteAt(0) != FORMAT || cursor.byteAt(1) != inc.length
        || !cursor.substring(2, 2 + inc.length).equals(ByteString.copyFrom(inc))
        || (cursor.byteAt(2 + inc.length) & 0xff) >= BucketKeys.BUCKETS) {
      throw CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST,
          "scan cursor is not one of cache '" + cache.id().name() + "' (a cursor of another cache,"
              + " of a cache since deleted, or not a cursor); start the iteration again",
          Map.of("cache", cache.id().name()));
    }
    int bucket = cursor.byteAt(2 + inc.length) & 0xff;
    boolean after = cursor.byteAt(3 + inc.length) == 1;
    return new RedisScanCursor(bucket, after ? cursor.substring(header) : null);
  }
}
