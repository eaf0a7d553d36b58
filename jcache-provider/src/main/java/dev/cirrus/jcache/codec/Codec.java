package dev.cirrus.jcache.codec;

/**
 * Turns keys and values into bytes and back. Implementations must be thread-safe, must encode equal
 * keys to equal bytes, and must fail with a {@link CodecException} that names the offending type.
 *
 * <p>A custom codec is named in the config file ({@code cirrus.codec=com.example.MyCodec}); it needs
 * a public constructor taking a {@link ClassLoader} (the CacheManager's) or no arguments.
 */
public interface Codec {

  byte[] encode(Object value);

  Object decode(byte[] bytes);
}
