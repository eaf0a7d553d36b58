package dev.cirrus.jcache.internal.codec;

import dev.cirrus.jcache.codec.Codec;
import dev.cirrus.jcache.codec.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys and values as their plain bytes, with no type tag: {@code cirrus.codec=string} (a String
 * is its UTF-8 bytes) or {@code cirrus.codec=bytes} (a byte[] is itself). What another client of
 * the same cache that knows no Cirrus codec writes and reads (Momento's SDKs, its HTTP API, curl),
 * so that a {@code Cache<String,String>} or a {@code Cache<byte[],byte[]>} shares its entries
 * with them. Either codec refuses every other type, naming it.
 */
public final class PlainCodec implements Codec {
  /** The names {@code cirrus.codec} takes for these codecs. */
  public static final String STRING = "string";
  public static final String BYTES = "bytes";

  private final boolean strings;

  private PlainCodec(boolean strings) {
    this.strings = strings;
  }

  /** The codec {@code name} names, or null when it names neither (a class name, then). */
  public static PlainCodec named(String name) {
    return switch (name) {
      case STRING -> new PlainCodec(true);
      case BYTES -> new PlainCodec(false);
      default -> null;
    };
  }

  @Override
  public byte[] encode(Object value) {
    if (strings && value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (!strings && value instanceof byte[] bytes) {
      return Arrays.copyOf(bytes, bytes.length);
    }
    throw new CodecException("cirrus.codec=" + (strings ? STRING : BYTES) + " stores only "
        + (strings ? "String" : "byte[]") + " keys and values, not "
        + (value == null ? "null" : value.getClass().getName())
        + "; use a Cache<" + (strings ? "String,String" : "byte[],byte[]")
        + ">, or the default codec for other types");
  }

  @Override
  public Object decode(byte[] bytes) {
    // Any bytes decode: what another client wrote is taken as it is (invalid UTF-8 becomes U+FFFD).
    return strings ? new String(bytes, StandardCharsets.UTF_8) : Arrays.copyOf(bytes, bytes.length);
  }
}
