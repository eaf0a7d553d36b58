package dev.cirrus.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Short-lived scan sessions. A scan snapshots its cache's key list once, so a key present for the
 * whole scan is returned exactly once however the cache changes meanwhile; the cursor names the
 * session and the offset into the snapshot. Sessions idle for {@link #IDLE_TIMEOUT} are dropped.
 */
final class ScanSessions {
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
  private static final int CURSOR_BYTES = Long.BYTES + Integer.BYTES;

  record Session(CacheSlot slot, ByteString[] keys) {}

  /** Where to continue: the session and the offset into its snapshot. */
  record Position(long sessionId, Session session, int offset) {}

  private final Cache<Long, Session> sessions =
      Caffeine.newBuilder().expireAfterAccess(IDLE_TIMEOUT).maximumSize(10_000).build();

  /** Starts a scan of {@code slot} at offset 0. */
  Position start(CacheSlot slot) {
    ByteString[] keys = slot.keys().toArray(new ByteString[0]);
    long id = ThreadLocalRandom.current().nextLong();
    Session session = new Session(slot, keys);
    sessions.put(id, session);
    return new Position(id, session, 0);
  }

  /** Resumes the scan named by {@code cursor}, which must belong to {@code slot}. */
  Position resume(CacheSlot slot, ByteString cursor) {
    if (cursor.size() != CURSOR_BYTES) {
      throw badCursor(slot);
    }
    ByteBuffer buffer = cursor.asReadOnlyByteBuffer();
    long id = buffer.getLong();
    int offset = buffer.getInt();
    Session session = sessions.getIfPresent(id);
    if (session == null || session.slot() != slot || offset < 0 || offset > session.keys().length) {
      throw badCursor(slot);
    }
    return new Position(id, session, offset);
  }

  /** The cursor for continuing at {@code offset}, or empty (and the session dropped) at the end. */
  ByteString next(Position position, int offset) {
    if (offset >= position.session().keys().length) {
      sessions.invalidate(position.sessionId());
      return ByteString.EMPTY;
    }
    ByteBuffer buffer = ByteBuffer.allocate(CURSOR_BYTES);
    buffer.putLong(position.sessionId()).putInt(offset).flip();
    return ByteString.copyFrom(buffer);
  }

  private static CirrusException badCursor(CacheSlot slot) {
    return CirrusException.invalidArgument(
        ErrorCause.INVALID_REQUEST,
        "scan cursor for cache '" + slot.id.name() + "' is unknown or expired (idle over "
            + IDLE_TIMEOUT.toMinutes() + " minutes); start the iteration again",
        Map.of("cache", slot.id.name()));
  }
}
