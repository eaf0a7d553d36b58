package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.cirrus.jcache.codec.Codec;
import dev.cirrus.jcache.codec.CodecException;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.codec.DefaultCodec;
import dev.cirrus.jcache.internal.codec.UndecodableValues;
import dev.cirrus.jcache.internal.near.NearEntry;
import java.util.function.Function;

/** A cache's keys and values as bytes and back, checked against its configured types. */
final class Encoding<K, V> {

  private final Codec codec;
  private final UndecodableValues undecodable;
  private final String cacheName;
  private final Class<K> keyType;
  private final Class<V> valueType;

  Encoding(Codec codec, UndecodableValues undecodable, String cacheName, Class<K> keyType,
      Class<V> valueType) {
    this.codec = codec;
    this.undecodable = undecodable;
    this.cacheName = cacheName;
    this.keyType = keyType;
    this.valueType = valueType;
  }

  // The codec hands out a fresh array that nothing else holds, so it can be wrapped, not copied.

  ByteString key(K key) {
    checkKey(key);
    return UnsafeByteOperations.unsafeWrap(codec.encode(key));
  }

  ByteString value(V value) {
    checkType(value, valueType, "value");
    return UnsafeByteOperations.unsafeWrap(codec.encode(value));
  }

  /**
   * The value's bytes for a write that sends them before anything else can run and keeps none of
   * them (no near cache, no writer): a byte[] value with the default codec is then sent from the
   * caller's array instead of a copy of it, one allocation of the value's size less per put. The
   * caller's later changes to the array cannot reach the stored entry, which was sent by then.
   */
  ByteString valueToSend(V value) {
    if (value instanceof byte[] bytes && codec instanceof DefaultCodec) {
      checkType(value, valueType, "value");
      return DefaultCodec.bytesView(bytes);
    }
    return value(value);
  }

  void checkKey(K key) {
    checkType(key, keyType, "key");
  }

  @SuppressWarnings("unchecked")
  V decodeValue(ByteString bytes) {
    return (V) decode(bytes);
  }

  @SuppressWarnings("unchecked")
  K decodeKey(ByteString bytes) {
    return (K) decode(bytes);
  }

  /**
   * A stored value as a read sees it: decoded, or null when it cannot be decoded and {@code
   * cirrus.codec.on-undecodable} is {@code miss} (counted and logged); with {@code fail}, the
   * codec's exception. JCache never stores a null value, so null always means "treat as absent".
   */
  V readValue(ByteString bytes) {
    // Not through orAbsent: a method reference capturing this would be allocated on every get.
    try {
      return decodeValue(bytes);
    } catch (CodecException e) {
      undecodable.met(cacheName, e);
      return null;
    }
  }

  /**
   * The value a read found, as {@link #readValue} reads it, for a caller that keeps none of its
   * bytes (no near cache): a large value read apart from the wire is decoded from its own array,
   * which a byte[] value then is, with no copy of it made.
   */
  @SuppressWarnings("unchecked")
  V readUnkeptValue(ReadOutcome read) {
    byte[] rest = read.valueRest();
    if (rest == null || !(codec instanceof DefaultCodec fast)) {
      return readValue(read.value());
    }
    try {
      return (V) fast.decodeOwned(read.value().byteAt(0), rest);
    } catch (CodecException e) {
      undecodable.met(cacheName, e);
      return null;
    }
  }

  /** A stored key as {@link #readValue} reads a value: null when it cannot be decoded. */
  K readKey(ByteString bytes) {
    return orAbsent(this::decodeKey, bytes);
  }

  private <T> T orAbsent(Function<ByteString, T> decoder, ByteString bytes) {
    try {
      return decoder.apply(bytes);
    } catch (CodecException e) {
      undecodable.met(cacheName, e);
      return null;
    }
  }

  Object decode(ByteString bytes) {
    return codec instanceof DefaultCodec fast ? fast.decode(bytes) : codec.decode(bytes.toByteArray());
  }

  /**
   * The value of a near hit: a fresh copy, except that an immutable value (String, a boxed
   * primitive) is decoded once and then shared, as copying it would hand out an equal object. A
   * byte[] is decoded once too, and each later hit gets a clone of that array: one array to read
   * and no decoding, where the entry's bytes sit behind a view of the answer they came in.
   */
  @SuppressWarnings("unchecked")
  V nearValue(NearEntry entry) {
    Object kept = entry.decoded();
    ByteString bytes = kept == null ? entry.value() : null;
    if (kept == null && bytes == null) {
      kept = entry.decoded(); // kept by another hit meanwhile: the bytes go after it is written
    }
    if (kept != null) {
      return (V) (kept instanceof byte[] array ? array.clone() : kept);
    }
    V value = decodeValue(bytes);
    if (value instanceof byte[] array) {
      entry.keep(array.clone());
    } else if (value != null && isImmutable(value.getClass())) {
      entry.keep(value);
    }
    return value;
  }

  /** Final JDK classes whose instances never change: equal means interchangeable. */
  static boolean isImmutable(Class<?> c) {
    return c == String.class || c == Long.class || c == Integer.class || c == Short.class
        || c == Byte.class || c == Character.class || c == Boolean.class || c == Double.class
        || c == Float.class;
  }

  private static void checkType(Object o, Class<?> type, String what) {
    if (type != Object.class && !type.isInstance(o)) {
      throw new ClassCastException("Cache " + what + " " + o + " of type " + o.getClass().getName()
          + " is not a " + type.getName() + " as the cache's configuration requires");
    }
  }
}
