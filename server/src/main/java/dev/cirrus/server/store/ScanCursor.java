package dev.cirrus.server.store;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A scan's position, held by the client: the cache it belongs to and the last key returned.
 * Keys are walked in byte order, so continuing after that key returns every key present for the
 * whole scan exactly once, however the cache changes meanwhile, and the server keeps no state per
 * scan: a client that abandons an iteration costs nothing, and no number of scans can exhaust
 * memory. The cache's tag makes a cursor of another cache, or of an earlier cache of the same
 * name, a clear error instead of a silent jump.
 *
 * <p>Format: {@code [byte FORMAT][int64 cache tag][last key bytes]}.
 */
final class ScanCursor {
  private static final byte FORMAT = 1;
  private static final int HEADER_BYTES = 1 + Long.BYTES;

  private ScanCursor() {}

  /** The cursor that continues {@code slot}'s scan after {@code lastKey}. */
  static ByteString after(CacheSlot slot, ByteString lastKey) {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(FORMAT).putLong(slot.scanTag);
    return ByteString.copyFrom(header.flip()).concat(lastKey);
  }

  /** The last key {@code cursor} returned, once it is known to be a cursor of {@code slot}. */
  static ByteString lastKey(CacheSlot slot, ByteString cursor) {
    if (cursor.size() <= HEADER_BYTES || cursor.byteAt(0) != FORMAT
        || cursor.substring(1, HEADER_BYTES).asReadOnlyByteBuffer().getLong() != slot.scanTag) {
      throw CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST,
          "scan cursor is not one of cache '" + slot.id.name() + "' (a cursor of another cache,"
              + " of a cache since deleted, or not a cursor); start the iteration again",
          Map.of("cache", slot.id.name()));
    }
    return cursor.substring(HEADER_BYTES);
  }
}
