package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
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
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("keyType", config.getKeyType().getName());
    p.setProperty("valueType", config.getValueType().getName());
    p.setProperty("statistics", Boolean.toString(config.isStatisticsEnabled()));
    p.setProperty("management", Boolean.toString(config.isManagementEnabled()));
    p.setProperty("readThrough", Boolean.toString(config.isReadThrough()));
    p.setProperty("writeThrough", Boolean.toString(config.isWriteThrough()));
    String expiry = describeExpiry(config.getExpiryPolicyFactory());
    if (expiry != null) {
      p.setProperty("expiry", expiry);
    }
    StringWriter out = new StringWriter();
    try {
      p.store(out, null);
    } catch (IOException e) {
      throw new IllegalStateException("writing to a StringWriter cannot fail", e);
    }
    return ByteString.copyFromUtf8(out.toString());
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
