package dev.cirrus.server.store.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;

/**
 * A cache as its account's registry in Redis holds it: the incarnation id (new for every create,
 * so a cache deleted and created again never shares keys with its predecessor), the creation time
 * and the client's configuration bytes. Stored as {@code incarnation|createdAt|config}.
 */
record CacheRecord(String incarnation, long createdAtMillis, ByteString clientConfig) {

  ByteString encode() {
    return ByteString.copyFrom(incarnation + "|" + createdAtMillis + "|", US_ASCII)
        .concat(clientConfig);
  }

  static CacheRecord decode(byte[] bytes) {
    int first = indexOf(bytes, 0);
    int second = first < 0 ? -1 : indexOf(bytes, first + 1);
    if (second < 0) {
      throw CirrusException.internal(
          "a cache record in Redis is damaged; delete the cache and create it again");
    }
    String incarnation = new String(bytes, 0, first, US_ASCII);
    long created = Long.parseLong(new String(bytes, first + 1, second - first - 1, US_ASCII));
    return new CacheRecord(incarnation, created,
        ByteString.copyFrom(bytes, second + 1, bytes.length - second - 1));
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '|') {
        return i;
      }
    }
    return -1;
  }
}
