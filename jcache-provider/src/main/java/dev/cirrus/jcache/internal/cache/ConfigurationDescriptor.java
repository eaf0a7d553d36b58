package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * The part of a cache's configuration that the server keeps for other clients, so that another
 * JVM's {@code getCache(name)} sees the same key and value types, statistics and management flags,
 * and standard expiry policy. Loaders, writers, listeners and custom expiry policies are code in the
 * creating JVM and are not shared. Stored as a small properties text, readable in any tool.
 */
public final class ConfigurationDescriptor {

  private static final String FORMAT = "1";

  private ConfigurationDescriptor() {}

  public static ByteString encode(CompleteConfiguration<?, ?> config) {
    StringBuilder out = new StringBuilder(256);
    line(out, "format", FORMAT);
    line(out, "keyType", config.getKeyType().getName());
    line(out, "valueType", config.getValueType().getName());
    line(out, "statistics", Boolean.toString(config.isStatisticsEnabled()));
    line(out, "management", Boolean.toString(config.isManagementEnabled()));
    line(out, "readThrough", Boolean.toString(config.isReadThrough()));
    line(out, "writeThrough", Boolean.toString(config.isWriteThrough()));
    String expiry = describeExpiry(config.getExpiryPolicyFactory());
    if (expiry != null) {
      line(out, "expiry", expiry);
    }
    return ByteString.copyFromUtf8(out.toString());
  }

  /**
   * One {@code key=value} line as {@link Properties#load(java.io.Reader)} reads it back. Written
   * here rather than by {@link Properties#store}, which heads the text with the current date,
   * formatted through the time zone's display names: most of what encoding cost a createCache.
   */
  private static void line(StringBuilder out, String key, String value) {
    escape(out, key, true);
    out.append('=');
    escape(out, value, false);
    out.append('\n');
  }

  private static void escape(StringBuilder out, String text, boolean key) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
        // A key ends at a space, and a value's leading spaces are skipped.
        case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  /**
   * A configuration rebuilt from what the creating client stored. Types that this JVM cannot load
   * fall back to Object, so the cache is still usable untyped.
   */
  public static MutableConfiguration<Object, Object> decode(ByteString bytes, ClassLoader loader) {
    MutableConfiguration<Object, Object> config = new MutableConfiguration<>();
    if (bytes.isEmpty()) {
      return config;
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(bytes.toStringUtf8()));
    } catch (IOException e) {
      return config;
    }
    @SuppressWarnings("unchecked")
    Class<Object> keyType = (Class<Object>) load(p.getProperty("keyType"), loader);
    @SuppressWarnings("unchecked")
    Class<Object> valueType = (Class<Object>) load(p.getProperty("valueType"), loader);
    config.setTypes(keyType, valueType);
    config.setStatisticsEnabled(Boolean.parseBoolean(p.getProperty("statistics")));
    config.setManagementEnabled(Boolean.parseBoolean(p.getProperty("management")));
    Factory<ExpiryPolicy> expiry = expiryFactory(p.getProperty("expiry"));
    if (expiry != null) {
      config.setExpiryPolicyFactory(expiry);
    }
    return config;
  }

  private static Class<?> load(String name, ClassLoader loader) {
    if (name == null) {
      return Object.class;
    }
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      return Object.class;
    }
  }

  private static String describeExpiry(Factory<ExpiryPolicy> factory) {
    ExpiryPolicy policy;
    try {
      policy = factory.create();
    } catch (RuntimeException e) {
      return null;
    }
    String kind;
    if (policy instanceof EternalExpiryPolicy) {
      return "eternal";
    } else if (policy instanceof CreatedExpiryPolicy) {
      kind = "created";
    } else if (policy instanceof AccessedExpiryPolicy) {
      kind = "accessed";
    } else if (policy instanceof ModifiedExpiryPolicy) {
      kind = "modified";
    } else if (policy instanceof TouchedExpiryPolicy) {
      kind = "touched";
    } else {
      return null;
    }
    // Each standard policy's one duration is its creation duration.
    Duration d = policy.getExpiryForCreation();
    return kind + ":" + (d.isEternal() ? "eternal" : Long.toString(d.getTimeUnit().toMillis(d.getDurationAmount())));
  }

  private static Factory<ExpiryPolicy> expiryFactory(String text) {
    if (text == null || text.equals("eternal")) {
      return null;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String amount = text.substring(colon + 1);
    Duration d = amount.equals("eternal")
        ? Duration.ETERNAL : new Duration(TimeUnit.MILLISECONDS, Long.parseLong(amount));
    switch (text.substring(0, colon)) {
      case "created":
        return CreatedExpiryPolicy.factoryOf(d);
      case "accessed":
        return AccessedExpiryPolicy.factoryOf(d);
      case "modified":
        return ModifiedExpiryPolicy.factoryOf(d);
      case "touched":
        return TouchedExpiryPolicy.factoryOf(d);
      default:
        return null;
    }
  }
}
