package dev.cirrus.jcache.internal.codec;

import dev.cirrus.jcache.codec.Codec;
import dev.cirrus.jcache.codec.CodecException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The default codec: one tag byte, then a compact encoding for String, the boxed primitives and
 * byte[], and Java serialization for everything else. Deserialization resolves classes through the
 * CacheManager's class loader and is guarded by a {@link DeserializationFilter}, which trusts every
 * class this codec has serialized itself.
 */
public final class DefaultCodec implements Codec {

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte INTEGER = 3;
  private static final byte BYTES = 4;
  private static final byte BOOLEAN = 5;
  private static final byte DOUBLE = 6;
  private static final byte FLOAT = 7;
  private static final byte SHORT = 8;
  private static final byte BYTE = 9;
  private static final byte CHARACTER = 10;
  private static final byte SERIALIZED = 127;

  private final ClassLoader classLoader;
  private final DeserializationFilter filter;
  private final LongAdder refused = new LongAdder();
  private volatile String lastRefused;

  /** A codec with the allow-list filter and nothing added to it yet. */
  public DefaultCodec(ClassLoader classLoader) {
    this(classLoader, DeserializationFilter.allowList(List.of()));
  }

  public DefaultCodec(ClassLoader classLoader, DeserializationFilter filter) {
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  /** The filter values are decoded through; integrations and typed caches add to it. */
  public DeserializationFilter filter() {
    return filter;
  }

  /** How many values the deserialization filter refused (never instantiated). */
  public long refusedValues() {
    return refused.sum();
  }

  /** The class of the last value the filter refused, or null. */
  public String lastRefused() {
    return lastRefused;
  }

  @Override
  public byte[] encode(Object value) {
    if (value == null) {
      return new byte[] {NULL};
    }
    if (value instanceof String s) {
      // Two arrays (the UTF-8 bytes, then tagged), but the JDK's encoder is intrinsic: copying an
      // ASCII string char by char into one array allocated less and cost more CPU than both.
      return tagged(STRING, s.getBytes(StandardCharsets.UTF_8));
    }
    if (value instanceof Long l) {
      return ByteBuffer.allocate(9).put(LONG).putLong(l).array();
    }
    if (value instanceof Integer i) {
      return ByteBuffer.allocate(5).put(INTEGER).putInt(i).array();
    }
    if (value instanceof byte[] b) {
      return tagged(BYTES, b);
    }
    if (value instanceof Boolean b) {
      return new byte[] {BOOLEAN, (byte) (b ? 1 : 0)};
    }
    if (value instanceof Double d) {
      return ByteBuffer.allocate(9).put(DOUBLE).putLong(Double.doubleToLongBits(d)).array();
    }
    if (value instanceof Float f) {
      return ByteBuffer.allocate(5).put(FLOAT).putInt(Float.floatToIntBits(f)).array();
    }
    if (value instanceof Short s) {
      return ByteBuffer.allocate(3).put(SHORT).putShort(s).array();
    }
    if (value instanceof Byte b) {
      return new byte[] {BYTE, b};
    }
    if (value instanceof Character c) {
      return ByteBuffer.allocate(3).put(CHARACTER).putChar(c).array();
    }
    return serialize(value);
  }

  /**
   * Decodes straight from protobuf bytes: a String or byte[] (the hot cases) with one copy, not
   * two.
   */
  public Object decode(com.google.protobuf.ByteString bytes) {
    if (!bytes.isEmpty()) {
      byte tag = bytes.byteAt(0);
      if (tag == STRING) {
        return bytes.substring(1).toStringUtf8();
      }
      if (tag == BYTES) {
        // Copied straight out: the one copy, without a substring view to make first.
        byte[] copy = new byte[bytes.size() - 1];
        bytes.copyTo(copy, 1, 0, copy.length);
        return copy;
      }
      if (tag == SERIALIZED) {
        // Read from a view: a copy of the whole value first would only feed the stream.
        return deserialize(bytes.substring(1).newInput(), bytes.size() - 1);
      }
    }
    return decode(bytes.toByteArray());
  }

  /**
   * Decodes a value read apart: its tag byte {@code first} and the bytes after it, {@code rest},
   * an array that nothing else holds. A byte[] value is that array itself, so a large value read
   * from the wire into it is handed to the caller without one more copy of itself.
   */
  public Object decodeOwned(byte first, byte[] rest) {
    if (first == BYTES) {
      return rest;
    }
    if (first == STRING) {
      return new String(rest, StandardCharsets.UTF_8);
    }
    if (first == SERIALIZED) {
      return deserialize(new ByteArrayInputStream(rest), rest.length);
    }
    byte[] bytes = new byte[rest.length + 1];
    bytes[0] = first;
    System.arraycopy(rest, 0, bytes, 1, rest.length);
    return decode(bytes);
  }

  /**
   * @throws UndecodableValueException when the bytes are not a value this codec can decode: empty,
   *     an unknown tag, too short for their tag, or a serialized value that is refused, of a class
   *     missing or changed, or corrupt
   */
  @Override
  public Object decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new UndecodableValueException("(empty bytes)", "Cannot decode an empty byte array:"
          + " the entry was not written by a Cirrus codec; use the same cirrus.codec for every"
          + " client of a cache", null);
    }
    try {
      return decodeTagged(bytes);
    } catch (java.nio.BufferUnderflowException | ArrayIndexOutOfBoundsException e) {
      throw new UndecodableValueException("(corrupt bytes)", "Cannot decode " + bytes.length
          + " bytes with tag " + bytes[0] + ": too short for their type, so they were not written"
          + " by the default codec or were altered", e);
    }
  }

  private Object decodeTagged(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    switch (bytes[0]) {
      case NULL:
        return null;
      case STRING:
        return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
      case LONG:
        return in.getLong();
      case INTEGER:
        return in.getInt();
      case BYTES:
        byte[] copy = new byte[bytes.length - 1];
        System.arraycopy(bytes, 1, copy, 0, copy.length);
        return copy;
      case BOOLEAN:
        return bytes[1] != 0;
      case DOUBLE:
        return Double.longBitsToDouble(in.getLong());
      case FLOAT:
        return Float.intBitsToFloat(in.getInt());
      case SHORT:
        return in.getShort();
      case BYTE:
        return bytes[1];
      case CHARACTER:
        return in.getChar();
      case SERIALIZED:
        int length = bytes.length - 1;
        return deserialize(new ByteArrayInputStream(bytes, 1, length), length);
      default:
        throw new UndecodableValueException("(unknown tag " + bytes[0] + ")", "Cannot decode"
            + " bytes with tag " + bytes[0] + ": the entry was not written by the default codec;"
            + " use the same cirrus.codec for every client of a cache", null);
    }
  }

  /**
   * The encoding of a byte[] value as a view of the caller's array behind the tag byte, not a
   * copy: equal to {@code encode(value)} as long as the array is not changed. For a write that
   * sends the bytes at once and keeps nothing, where the copy would be garbage straight after.
   */
  public static com.google.protobuf.ByteString bytesView(byte[] value) {
    if (value.length < VIEW_FROM) {
      // protobuf would copy a short concatenation anyway, and a view costs two objects more.
      return com.google.protobuf.UnsafeByteOperations.unsafeWrap(tagged(BYTES, value));
    }
    return BYTES_TAG.concat(com.google.protobuf.UnsafeByteOperations.unsafeWrap(value));
  }

  /**
   * Below this many bytes a value is copied, not viewed: protobuf concatenates shorter strings by
   * copying (measured: putAll of 100 values of 100 bytes allocated 3% more with views).
   */
  private static final int VIEW_FROM = 128;

  private static final com.google.protobuf.ByteString BYTES_TAG =
      com.google.protobuf.ByteString.copyFrom(new byte[] {BYTES});

  private static byte[] tagged(byte tag, byte[] payload) {
    byte[] out = new byte[payload.length + 1];
    out[0] = tag;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  private byte[] serialize(Object value) {
    if (!(value instanceof Serializable)) {
      throw new CodecException(value.getClass().getName() + " is not Serializable; Cirrus stores"
          + " entries by value, so make the class implement java.io.Serializable or configure a"
          + " codec that handles it (cirrus.codec)");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    bytes.write(SERIALIZED);
    try (ObjectOutputStream out = new TrustingObjectOutputStream(bytes, filter)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new CodecException("Cannot serialize " + value.getClass().getName() + ": it holds a "
          + e.getMessage() + " that is not Serializable", e);
    } catch (IOException e) {
      throw new CodecException("Cannot serialize " + value.getClass().getName() + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  /** Deserializes the {@code length} bytes of {@code in} that follow a SERIALIZED tag. */
  private Object deserialize(InputStream in, int length) {
    ObjectInputFilter valueFilter = filter.forValueOf(length);
    ObjectInputFilter.FilterInfo[] refusal = new ObjectInputFilter.FilterInfo[1];
    try (ObjectInputStream objects = new LoaderObjectInputStream(in, classLoader)) {
      objects.setObjectInputFilter(info -> {
        ObjectInputFilter.Status status = valueFilter.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED && refusal[0] == null) {
          refusal[0] = info;
        }
        return status;
      });
      return objects.readObject();
    } catch (InvalidClassException e) {
      if (refusal[0] != null) {
        refused.increment();
        Class<?> type = refusal[0].serialClass();
        lastRefused = DeserializationFilter.isBeyondValue(refusal[0], length)
            ? "(an array longer than its value can hold)"
            : type != null ? type.getName() : "(a value over the size limits)";
        throw refusedBy(refusal[0], length, e);
      }
      throw new UndecodableValueException(e.classname == null ? "(corrupt bytes)" : e.classname,
          "Cannot deserialize a value: " + e.getMessage()
          + ". Check that every client uses the same version of the class", e);
    } catch (ClassNotFoundException e) {
      throw new UndecodableValueException(e.getMessage(), "Cannot deserialize a value: class "
          + e.getMessage() + " is not visible to the CacheManager's class loader", e);
    } catch (IOException | RuntimeException e) {
      // Corrupt or truncated bytes, or a class whose own readObject failed on them.
      throw new UndecodableValueException("(corrupt bytes)", "Cannot deserialize a value: " + e,
          e);
    }
  }

  private UndecodableValueException refusedBy(ObjectInputFilter.FilterInfo info, int length,
      InvalidClassException e) {
    Class<?> type = info.serialClass();
    String what = DeserializationFilter.isBeyondValue(info, length) || type == null
        ? "(over the size limits)" : type.getName();
    return new UndecodableValueException(what, refusalMessage(info, length), e);
  }

  private String refusalMessage(ObjectInputFilter.FilterInfo info, int length) {
    Class<?> type = info.serialClass();
    if (DeserializationFilter.isBeyondValue(info, length)) {
      return "Refused to deserialize a value of " + length + " bytes: it"
          + " announces an array of " + info.arrayLength() + " elements (" + type.getTypeName()
          + "), more than a value that size can hold. It was not written by a Cirrus codec or has"
          + " been altered; nothing was allocated for it";
    }
    if (type == null) {
      return "Refused to deserialize a value over the filter's limits (depth "
          + info.depth() + ", references " + info.references() + "); values that deep or with"
          + " that many objects cannot be read back";
    }
    if (!filter.isAllowList()) {
      return "Refused to deserialize a value of " + type.getName() + ": the"
          + " filter set with cirrus.serialization.filter does not allow it";
    }
    String name = type.getName();
    if (DeserializationFilter.isKnownGadget(type)) {
      return "Refused to deserialize a value of " + name + ": its package holds"
          + " known deserialization gadgets, which are never decoded, whatever"
          + " cirrus.serialization.allow says";
    }
    int dot = name.lastIndexOf('.');
    String packagePattern = dot > 0 ? name.substring(0, dot) + ".*" : name;
    return "Refused to deserialize a value of " + name + ": the"
        + " deserialization filter allows the JDK's classes, the classes this CacheManager has"
        + " written itself and those declared to it. If the class is yours, allow it with"
        + " cirrus.serialization.allow=" + name + " (or " + packagePattern + ")";
  }

  /**
   * Tells the filter each class it writes (the value's class, its superclasses and the classes of
   * its fields, once per stream): a class the application caches itself is one it trusts, so its
   * values decode without naming it in {@code cirrus.serialization.allow}.
   */
  private static final class TrustingObjectOutputStream extends ObjectOutputStream {
    private final DeserializationFilter filter;

    TrustingObjectOutputStream(ByteArrayOutputStream out, DeserializationFilter filter)
        throws IOException {
      super(out);
      this.filter = filter;
    }

    @Override
    protected void annotateClass(Class<?> type) {
      filter.allow(type);
    }

    @Override
    protected void annotateProxyClass(Class<?> type) {
      filter.allow(type);
    }
  }

  /** The package pattern to suggest for a refused class ({@code com.acme.*}), or its own name. */
  private static String suggestedPattern(String className) {
    int dot = className.lastIndexOf('.');
    return dot > 0 && className.indexOf(' ') < 0 ? className.substring(0, dot) + ".*" : className;
  }

  /** Resolves classes through the CacheManager's class loader, as JCache requires. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
