package dev.cirrus.cli.output;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.codec.CodecException;
import dev.cirrus.jcache.internal.codec.DefaultCodec;
import dev.cirrus.jcache.internal.codec.DeserializationFilter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys and values as the provider's default codec stores them, so that an entry written here is
 * the {@code String} an application's {@code Cache<String, String>} reads, and the other way round.
 *
 * <p>Java-serialized values are never deserialized here: the CLI cannot know which classes the
 * writer trusts, and instantiating what a cache holds is how gadget attacks work. Their filter
 * refuses every class, and they are shown as opaque bytes.
 */
public final class StoredValue {

  private static final DefaultCodec CODEC = new DefaultCodec(
      StoredValue.class.getClassLoader(), DeserializationFilter.ofPattern("!*"));

  private final String type;
  private final Object value;
  private final int size;

  private StoredValue(String type, Object value, int size) {
    this.type = type;
    this.value = value;
    this.size = size;
  }

  /** The bytes a String key or value is stored as. */
  public static ByteString encode(String text) {
    return ByteString.copyFrom(CODEC.encode(text));
  }

  public static StoredValue decode(ByteString bytes) {
    Object decoded;
    try {
      decoded = CODEC.decode(bytes);
    } catch (CodecException e) {
      return new StoredValue("java-serialized", null, bytes.size());
    }
    if (decoded == null) {
      return new StoredValue("null", null, bytes.size());
    }
    if (decoded instanceof byte[] raw) {
      return new StoredValue("bytes", Base64.getEncoder().encodeToString(raw), bytes.size());
    }
    String type = decoded instanceof String ? "string"
        : decoded.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    return new StoredValue(type, decoded, bytes.size());
  }

  /** How a person reads it: the text itself for a string. */
  public String text() {
    switch (type) {
      case "java-serialized":
        return "(a Java-serialized object, " + size + " bytes: read it with the application's"
            + " JCache client)";
      case "bytes":
        return "(" + (size - 1) + " bytes, base64) " + value;
      case "null":
        return "(null)";
      default:
        return String.valueOf(value);
    }
  }

  /** Its JSON fields: {@code type} and {@code value} (absent for a serialized object). */
  public Map<String, Object> fields(String prefix) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(prefix, value);
    fields.put(prefix + "Type", type);
    return fields;
  }
}
