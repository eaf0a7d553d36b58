package dev.cirrus.server.store.redis;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.cirrus.server.error.CirrusException;
import java.nio.charset.StandardCharsets;

/**
 * An entry as Redis holds it (prelude.lua's {@code pack}): its version in decimal, {@code ':'},
 * its expiry time in clock millis (nothing when it has none), {@code ':'}, then the value's
 * bytes. Read here from a plain MGET's answer, so that gets need no script.
 *
 * @param expiresAt the expiry time, or 0 for an entry without one
 */
record PackedEntry(long version, long expiresAt, ByteString value) {
  /**
   * Reads {@code packed}, whose value is wrapped, not copied: Lettuce decodes each bulk reply into
   * an array of its own.
   *
   * @throws CirrusException (INTERNAL) when the bytes are not an entry of this form (written by
   *     something else under Cirrus's keys, or by a build that stored entries otherwise)
   */
  static PackedEntry read(byte[] packed) {
    int at = 0;
    long version = 0;
    long expiresAt = 0;
    try {
      while (packed[at] != ':') {
        version = version * 10 + digit(packed, at++);
      }
      if (at == 0) {
        throw malformed(packed);
      }
      at++;
      while (packed[at] != ':') {
        expiresAt = expiresAt * 10 + digit(packed, at++);
      }
      at++;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw malformed(packed);
    }
    return new PackedEntry(version, expiresAt,
        UnsafeByteOperations.unsafeWrap(packed, at, packed.length - at));
  }

  /** Whether the entry is expired at {@code now}, as prelude.lua's {@code is_expired} says. */
  boolean expiredAt(long now) {
    return expiresAt != 0 && expiresAt <= now;
  }

  /** Millis left at {@code now}: 0 without an expiry, else at least 1 (prelude's remaining). */
  long remainingAt(long now) {
    return expiresAt == 0 ? 0 : Math.max(1, expiresAt - now);
  }

  private static int digit(byte[] packed, int at) {
    int d = packed[at] - '0';
    if (d < 0 || d > 9) {
      throw malformed(packed);
    }
    return d;
  }

  private static CirrusException malformed(byte[] packed) {
    String start = new String(packed, 0, Math.min(24, packed.length), StandardCharsets.US_ASCII);
    return CirrusException.internal("an entry in Redis does not start with \"version:expiry:\" ("
        + "it starts \"" + start + "\"): it was not written by this version of Cirrus; flush the"
        + " cache (cirrus cache flush NAME) before this version serves it (docs/cluster.md,"
        + " \"Upgrading a cluster\")");
  }
}
