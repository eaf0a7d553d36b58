/**
 * How keys and values become bytes on the wire, and the SPI for replacing it ({@code cirrus.codec}
 * names a {@link dev.cirrus.jcache.codec.Codec}; it may throw {@link
 * dev.cirrus.jcache.codec.CodecException}). JCache caches store by value, so every value a caller
 * gets back was decoded from bytes: callers never share an instance with the cache. Equal keys must
 * encode to equal bytes, because the server compares keys byte for byte. The default codec is
 * internal ({@code dev.cirrus.jcache.internal.codec}).
 */
package dev.cirrus.jcache.codec;
