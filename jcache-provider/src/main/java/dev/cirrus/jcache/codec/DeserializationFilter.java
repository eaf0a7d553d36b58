package dev.cirrus.jcache.codec;

import java.io.ObjectInputFilter;

/**
 * The JEP 290 filter that guards Java deserialization of cached values. By default it refuses the
 * well-known gadget classes used in deserialization attacks and bounds depth, references and array
 * sizes; a stricter allow-list is set with {@code cirrus.serialization.filter} (JEP 290 pattern
 * syntax, e.g. {@code com.example.**;java.base/*;!*}).
 */
public final class DeserializationFilter {

  /** Packages whose classes have served as deserialization gadgets and never belong in a cache. */
  static final String DEFAULT_PATTERN = String.join(";",
      "maxdepth=64",
      "maxrefs=1000000",
      "maxarray=100000000",
      "!org.apache.commons.collections.functors.*",
      "!org.apache.commons.collections4.functors.*",
      "!org.apache.commons.beanutils.*",
      "!org.codehaus.groovy.runtime.*",
      "!org.springframework.beans.factory.*",
      "!com.sun.org.apache.xalan.internal.xsltc.trax.*",
      "!org.apache.xalan.xsltc.trax.*",
      "!javax.management.*",
      "!java.rmi.*",
      "!sun.rmi.*",
      "!com.sun.rowset.*",
      "!bsh.*",
      "!clojure.*",
      "!com.mchange.v2.c3p0.*",
      "!org.python.core.*",
      "!net.sf.json.*",
      "!com.sun.jndi.*",
      "!java.net.URLClassLoader");

  private DeserializationFilter() {}

  public static ObjectInputFilter defaultFilter() {
    return ObjectInputFilter.Config.createFilter(DEFAULT_PATTERN);
  }

  /**
   * An allow-list: the JDK's own classes, the given patterns (e.g. {@code com.acme.**}), and
   * nothing else ({@code cirrus.serialization.allow}).
   */
  public static ObjectInputFilter allowing(java.util.List<String> patterns) {
    return fromPattern(allowPattern(patterns));
  }

  /** The JEP 290 pattern {@link #allowing} uses. */
  public static String allowPattern(java.util.List<String> patterns) {
    StringBuilder pattern = new StringBuilder("maxdepth=64;maxrefs=1000000;maxarray=100000000;");
    // The gadget deny-list still applies inside java.base.
    for (String part : DEFAULT_PATTERN.split(";")) {
      if (part.startsWith("!java.") || part.startsWith("!javax.") || part.startsWith("!sun.")
          || part.startsWith("!com.sun.")) {
        pattern.append(part).append(';');
      }
    }
    pattern.append("java.base/*;");
    for (String p : patterns) {
      if (p.isBlank() || p.contains(";") || p.startsWith("!")) {
        throw new IllegalArgumentException("cirrus.serialization.allow entry '" + p + "' is not a"
            + " class pattern; use names like com.acme.Order, com.acme.* or com.acme.**");
      }
      pattern.append(p.trim()).append(';');
    }
    pattern.append("!*");
    return pattern.toString();
  }

  /** A filter from a JEP 290 pattern; a bad pattern fails with a message naming it. */
  public static ObjectInputFilter fromPattern(String pattern) {
    try {
      return ObjectInputFilter.Config.createFilter(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cirrus.serialization.filter '" + pattern
          + "' is not a valid JEP 290 filter pattern: " + e.getMessage(), e);
    }
  }
}
