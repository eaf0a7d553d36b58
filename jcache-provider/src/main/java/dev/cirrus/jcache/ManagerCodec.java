package dev.cirrus.jcache;

import dev.cirrus.jcache.codec.Codec;
import dev.cirrus.jcache.internal.codec.DefaultCodec;
import dev.cirrus.jcache.internal.codec.DeserializationFilter;
import dev.cirrus.jcache.internal.codec.UndecodableValues;
import dev.cirrus.jcache.internal.config.ConfigException;
import dev.cirrus.jcache.internal.config.ProviderConfig;
import dev.cirrus.jcache.internal.management.CodecStatistics;
import dev.cirrus.jcache.internal.management.MBeans;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.Collection;
import javax.management.ObjectName;

/**
 * The codec of one CacheManager, as its configuration names it: the default codec with the
 * allow-list ({@code cirrus.serialization.allow}) or the filter ({@code
 * cirrus.serialization.filter}), or a {@code cirrus.codec} class. Only the default codec has an
 * allow-list to extend and figures to show over JMX.
 */
final class ManagerCodec {

  private final Codec codec;
  private final UndecodableValues undecodable;
  private final ObjectName mbeanName;

  ManagerCodec(ProviderConfig config, ClassLoader loader, URI managerUri) {
    this.codec = create(config, loader);
    this.undecodable = new UndecodableValues(config.onUndecodable());
    this.mbeanName = MBeans.managerName("Codec", managerUri);
  }

  private static Codec create(ProviderConfig config, ClassLoader loader) {
    if (config.codecClass() == null) {
      return new DefaultCodec(loader, config.serializationFilter() == null
          ? DeserializationFilter.allowList(config.serializationAllow())
          : DeserializationFilter.ofPattern(config.serializationFilter()));
    }
    try {
      Class<?> type = Class.forName(config.codecClass(), true, loader);
      try {
        return (Codec) type.getConstructor(ClassLoader.class).newInstance(loader);
      } catch (NoSuchMethodException e) {
        return (Codec) type.getConstructor().newInstance();
      }
    } catch (ReflectiveOperationException | ClassCastException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new ConfigException("Cannot use cirrus.codec=" + config.codecClass() + ": " + cause
          + "; it must implement dev.cirrus.jcache.codec.Codec and have a public constructor"
          + " taking a ClassLoader or none", cause);
    }
  }

  Codec codec() {
    return codec;
  }

  /** What reads do with values the codec cannot decode ({@code cirrus.codec.on-undecodable}). */
  UndecodableValues undecodable() {
    return undecodable;
  }

  /** Shows the default codec's figures (refused values, what it allows) over JMX. */
  void registerMBean() {
    if (codec instanceof DefaultCodec defaultCodec) {
      MBeans.register(new CodecStatistics(defaultCodec, undecodable), mbeanName);
    }
  }

  void unregisterMBean() {
    MBeans.unregister(mbeanName);
  }

  /** Adds classes to the default codec's allow-list; nothing for a filter or a custom codec. */
  void allow(Class<?>... types) {
    if (codec instanceof DefaultCodec defaultCodec) {
      for (Class<?> type : types) {
        defaultCodec.filter().allow(type);
      }
    }
  }

  /** Adds class patterns to the default codec's allow-list, as {@code cirrus.serialization.allow}. */
  void allowPatterns(Collection<String> classPatterns) {
    if (codec instanceof DefaultCodec defaultCodec) {
      defaultCodec.filter().allowPatterns(classPatterns);
    }
  }
}
