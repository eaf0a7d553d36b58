package dev.cirrus.server.store.redis;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.cirrus.server.store.ExpiredEntry;
import dev.cirrus.server.store.TtlSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Turns script arguments into bytes and script answers (flat Lua tables) into values. */
final class Replies {
  private Replies() {}

  static byte[] num(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] flag(boolean b) {
    return b ? new byte[] {'1'} : new byte[] {'0'};
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A TTL spec as the scripts read it: D default, E eternal, U unchanged, else millis. */
  static byte[] ttl(TtlSpec spec) {
    return switch (spec.mode()) {
      case DEFAULT -> new byte[] {'D'};
      case ETERNAL -> new byte[] {'E'};
      case UNCHANGED -> new byte[] {'U'};
      case DURATION -> num(Math.max(0, spec.millis()));
    };
  }

  static long number(List<Object> reply, int i) {
    return (Long) reply.get(i);
  }

  static boolean truth(List<Object> reply, int i) {
    return number(reply, i) != 0;
  }

  static ByteString bytes(List<Object> reply, int i) {
    return ByteString.copyFrom((byte[]) reply.get(i));
  }

  /**
   * The bytes at {@code i} as a value, without a copy: Lettuce decodes each bulk reply into an
   * array of its own that nothing else holds.
   */
  static ByteString value(List<Object> reply, int i) {
    return UnsafeByteOperations.unsafeWrap((byte[]) reply.get(i));
  }

  /** The expired entry at {@code flagIndex} (flag, version) and {@code valueIndex}, or null. */
  static ExpiredEntry expired(List<Object> reply, int flagIndex, int valueIndex) {
    return truth(reply, flagIndex)
        ? new ExpiredEntry(bytes(reply, valueIndex), number(reply, flagIndex + 1)) : null;
  }

  /** Whether the script found its cache gone (deleted, perhaps by another node). */
  static boolean gone(List<Object> reply) {
    return number(reply, 0) == -1;
  }
}
