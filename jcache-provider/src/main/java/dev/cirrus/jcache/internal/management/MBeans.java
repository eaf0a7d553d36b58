package dev.cirrus.jcache.internal.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBeanServer under the names the spec gives:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}.
 */
public final class MBeans {

  public enum Kind {
    CONFIGURATION("javax.cache", "CacheConfiguration"),
    STATISTICS("javax.cache", "CacheStatistics"),
    /** Cirrus's own figures, outside the javax.cache domain the spec reserves. */
    NEAR_CACHE("dev.cirrus", "NearCache");

    private final String domain;
    private final String type;

    Kind(String domain, String type) {
      this.domain = domain;
      this.type = type;
    }
  }

  /** What an ObjectName value may not hold unquoted. */
  private static final Pattern UNQUOTABLE = Pattern.compile("[,:=\n]");

  private MBeans() {}

  public static ObjectName name(Kind kind, URI managerUri, String cacheName) {
    return objectName(kind.domain + ":type=" + kind.type + ",CacheManager="
        + sanitize(managerUri.toString()) + ",Cache=" + sanitize(cacheName), "cache '" + cacheName + "'");
  }

  /** A Cirrus MBean of a whole CacheManager: {@code dev.cirrus:type=<type>,CacheManager=<uri>}. */
  public static ObjectName managerName(String type, URI managerUri) {
    return objectName("dev.cirrus:type=" + type + ",CacheManager=" + sanitize(managerUri.toString()),
        "CacheManager " + managerUri);
  }

  private static ObjectName objectName(String text, String of) {
    try {
      return new ObjectName(text);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Cannot name the MBean of " + of + ": " + e.getMessage(), e);
    }
  }

  /** Registers the bean, replacing a stale registration of the same name. */
  public static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      try {
        server.registerMBean(bean, name);
      } catch (InstanceAlreadyExistsException e) {
        server.unregisterMBean(name);
        server.registerMBean(bean, name);
      }
    } catch (JMException e) {
      throw new CacheException("Cannot register MBean " + name + ": " + e.getMessage(), e);
    }
  }

  public static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    if (!server.isRegistered(name)) {
      // The common case (a cache without statistics or management, opened or closed): asked
      // first, since the server's answer otherwise is an exception, made with its stack trace.
      return;
    }
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // already gone: unregistering is idempotent
    } catch (JMException e) {
      throw new CacheException("Cannot unregister MBean " + name + ": " + e.getMessage(), e);
    }
  }

  private static String sanitize(String s) {
    return s == null ? "" : UNQUOTABLE.matcher(s).replaceAll(".");
  }
}
