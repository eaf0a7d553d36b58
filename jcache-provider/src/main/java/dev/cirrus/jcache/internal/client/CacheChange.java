package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;

/**
 * One message of a cache's change stream.
 *
 * @param key the entry's key bytes (entry changes only)
 * @param value the new value when the stream carries values and there is one, else null
 * @param oldValue the previous value when the stream carries values and there was one, else null
 * @param version the entry's version at the change
 * @param writerClientId the id of the client whose call made the change; empty for the server's own
 *     (expiry)
 */
public record CacheChange(
    Type type, ByteString key, ByteString value, ByteString oldValue, long version,
    String writerClientId) {

  public enum Type {
    /** The server confirmed the subscription: no change is missed from here on. */
    SUBSCRIBED,
    CREATED,
    UPDATED,
    REMOVED,
    EXPIRED,
    /** Every entry was removed at once. */
    CLEARED,
    /** Nothing changed; the stream is alive. */
    HEARTBEAT,
    CACHE_DELETED,
    /** A kind this client does not know (a newer server's): it only shows the stream is alive. */
    OTHER;

    /** Whether it is a change of one entry. */
    public boolean ofEntry() {
      return this == CREATED || this == UPDATED || this == REMOVED || this == EXPIRED;
    }
  }
}
