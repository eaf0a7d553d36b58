package dev.cirrus.jcache.internal.codec;

import java.io.ObjectInputFilter;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JEP 290 filter that guards Java deserialization of cached values: whoever can write a value
 * must not be able to run code in every reader. It is an allow-list. A class is decoded only when
 * it is
 *
 * <ul>
 *   <li>a class of {@code java.base} (collections, boxes, {@code java.time}, {@code BigDecimal}...)
 *       or one of {@link #JDK_VALUE_CLASSES},
 *   <li>one of the classes Spring's cache abstraction and Hibernate's second-level cache store
 *       themselves ({@link FrameworkClasses}), with or without the Cirrus integrations,
 *   <li>a class this CacheManager has itself serialized: what the application writes, it trusts,
 *   <li>the key or value type of a typed cache, or a class an integration declared (the entities of a
 *       Hibernate mapping, a Spring Boot application's packages), or
 *   <li>matched by a pattern of {@code cirrus.serialization.allow} ({@code com.acme.Order},
 *       {@code com.acme.*}, {@code com.acme.**}; {@code *} allows every class).
 * </ul>
 *
 * Whatever the list says, the packages of well-known gadget classes are refused and depth and
 * references are bounded. {@code cirrus.serialization.filter} replaces all of this with a JEP 290
 * pattern of the application's own ({@link #ofPattern}); additions are then ignored. Either way,
 * {@link #forValueOf} refuses an array longer than the value being read can hold.
 */
public final class DeserializationFilter implements ObjectInputFilter {

  /**
   * Bounds a stream so that no value can exhaust the reader's stack. Arrays are bounded per value
   * by {@link #forValueOf}, which knows how many bytes the value has.
   */
  static final String LIMITS = "maxdepth=64;maxrefs=1000000";

  /**
   * Classes that have served as deserialization gadgets and never belong in a cache, refused even
   * when allowed. A family that spans sub-packages is written {@code pkg.**}: {@code pkg.*} is the
   * package alone, which would let {@code com.sun.jndi.rmi.registry.ReferenceWrapper} or
   * {@code javax.management.remote.rmi.RMIConnector} through.
   */
  static final List<String> GADGETS = List.of(
      "!org.apache.commons.collections.functors.*",
      "!org.apache.commons.collections4.functors.*",
      "!org.apache.commons.beanutils.**",
      "!org.codehaus.groovy.runtime.**",
      "!org.springframework.beans.factory.**",
      "!org.springframework.aop.**",
      "!org.springframework.core.SerializableTypeWrapper*",
      "!org.springframework.transaction.jta.**",
      "!org.hibernate.engine.spi.TypedValue",
      "!org.hibernate.property.access.spi.**",
      "!org.hibernate.tuple.**",
      "!com.sun.org.apache.xalan.internal.xsltc.**",
      "!org.apache.xalan.xsltc.**",
      "!com.sun.syndication.feed.impl.**",
      "!com.rometools.rome.feed.impl.**",
      "!javax.management.**",
      "!java.rmi.**",
      "!sun.rmi.**",
      "!com.sun.rowset.**",
      "!sun.reflect.annotation.*",
      "!bsh.**",
      "!clojure.**",
      "!com.mchange.**",
      "!org.python.core.**",
      "!net.sf.json.**",
      "!com.sun.jndi.**",
      "!java.net.URLClassLoader");

  /** Value classes of the JDK outside {@code java.base} that entities commonly hold. */
  static final Set<String> JDK_VALUE_CLASSES = Set.of(
      "java.sql.Timestamp", "java.sql.Date", "java.sql.Time");

  /**
   * Every element of an array in a Java-serialized value takes at least one byte of the stream
   * (a primitive array's elements are written raw, {@code TC_NULL} is one byte), and the JDK's
   * hash tables size their table for their load factor before reading the elements, at most eight
   * slots per element. So no array a value really holds is longer than eight times the value's
   * bytes (a primitive one than its bytes over its element size), and a value the server accepted
   * (1 MiB at most by default) cannot make a reader allocate more than a few times its own size.
   */
  static final int SLOTS_PER_BYTE = 8;

  private static final ObjectInputFilter GADGET_FILTER =
      ObjectInputFilter.Config.createFilter(String.join(";", GADGETS));
  private static final ObjectInputFilter LIMITS_AND_GADGETS =
      ObjectInputFilter.Config.createFilter(LIMITS + ";" + String.join(";", GADGETS));
  private static final Module JAVA_BASE = Object.class.getModule();

  /** The application's own JEP 290 pattern, which then decides alone; null for the allow-list. */
  private final ObjectInputFilter custom;
  private final Set<String> allowedClasses = ConcurrentHashMap.newKeySet();
  private final Set<String> allowedPatterns = ConcurrentHashMap.newKeySet();
  /** {@link #allowedPatterns} compiled; replaced as a whole when a pattern is added. */
  private volatile ObjectInputFilter patterns;

  private DeserializationFilter(ObjectInputFilter custom) {
    this.custom = custom;
  }

  /** The allow-list, with the given patterns ({@code cirrus.serialization.allow}) on it. */
  public static DeserializationFilter allowList(Collection<String> patterns) {
    DeserializationFilter filter = new DeserializationFilter(null);
    filter.allowPatterns(patterns);
    return filter;
  }

  /**
   * The application's own filter ({@code cirrus.serialization.filter}); a bad pattern fails with a
   * message naming it.
   */
  public static DeserializationFilter ofPattern(String pattern) {
    try {
      return new DeserializationFilter(ObjectInputFilter.Config.createFilter(pattern));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cirrus.serialization.filter '" + pattern
          + "' is not a valid JEP 290 filter pattern: " + e.getMessage(), e);
    }
  }

  /** Whether this is the allow-list (not an application's own pattern, which ignores additions). */
  public boolean isAllowList() {
    return custom == null;
  }

  /**
   * Allows exactly this class (an array allows its element class); nothing to do for the JDK's
   * own classes, or with an application's own pattern.
   */
  public void allow(Class<?> type) {
    Class<?> element = elementOf(Objects.requireNonNull(type, "type"));
    // Checked before adding: the codec calls this for every class of every value it writes, and
    // a lookup does not lock where an add of a present key would.
    if (custom == null && !element.isPrimitive() && element.getModule() != JAVA_BASE
        && !allowedClasses.contains(element.getName())) {
      allowedClasses.add(element.getName());
    }
  }

  /**
   * Allows the classes these patterns match: {@code com.acme.Order}, {@code com.acme.*} (the
   * package), {@code com.acme.**} (the package and its subpackages) or {@code *} (every class).
   */
  public void allowPatterns(Collection<String> classPatterns) {
    List<String> checked = classPatterns.stream().map(DeserializationFilter::checkedPattern).toList();
    if (custom != null) {
      return; // the application's own pattern decides alone
    }
    boolean added = false;
    for (String pattern : checked) {
      added |= allowedPatterns.add(pattern);
    }
    if (added) {
      synchronized (allowedPatterns) {
        patterns = ObjectInputFilter.Config.createFilter(String.join(";", allowedPatterns));
      }
    }
  }


  /** The classes admitted by name (written by the codec or declared), sorted. */
  public List<String> allowedClasses() {
    return allowedClasses.stream().sorted().toList();
  }

  /** The class patterns admitted, sorted. */
  public List<String> allowedPatterns() {
    return allowedPatterns.stream().sorted().toList();
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (custom != null) {
      return custom.checkInput(info);
    }
    if (LIMITS_AND_GADGETS.checkInput(info) == Status.REJECTED) {
      return Status.REJECTED;
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return Status.UNDECIDED; // a check of the limits alone, which passed
    }
    return isAllowed(elementOf(type), info) ? Status.ALLOWED : Status.REJECTED;
  }

  private boolean isAllowed(Class<?> type, FilterInfo info) {
    if (type.isPrimitive() || type.getModule() == JAVA_BASE) {
      return true;
    }
    String name = type.getName();
    if (JDK_VALUE_CLASSES.contains(name) || FrameworkClasses.NAMES.contains(name)
        || allowedClasses.contains(name)) {
      return true;
    }
    ObjectInputFilter compiled = patterns;
    return compiled != null && compiled.checkInput(info) == Status.ALLOWED;
  }

  /**
   * This filter for one value of {@code valueBytes} bytes: it refuses first an array longer than
   * such a value can hold ({@link #isBeyondValue}), so that a few forged bytes cannot make the
   * reader allocate an array of millions of elements, whichever filter decides the classes.
   */
  public ObjectInputFilter forValueOf(long valueBytes) {
    return info -> isBeyondValue(info, valueBytes) ? Status.REJECTED : checkInput(info);
  }

  /** Whether {@code info} announces an array longer than a value of {@code valueBytes} holds. */
  static boolean isBeyondValue(FilterInfo info, long valueBytes) {
    long length = info.arrayLength();
    Class<?> type = info.serialClass();
    if (length < 0 || type == null || !type.isArray()) {
      return false;
    }
    Class<?> component = type.getComponentType();
    long most = component.isPrimitive()
        ? valueBytes / bytesOf(component)
        : valueBytes * SLOTS_PER_BYTE;
    return length > most;
  }

  /** Whether the class is in a package (or is a class) of {@link #GADGETS}. */
  static boolean isKnownGadget(Class<?> type) {
    return GADGET_FILTER.checkInput(new ClassOnly(elementOf(type))) == Status.REJECTED;
  }

  private static int bytesOf(Class<?> primitive) {
    if (primitive == long.class || primitive == double.class) {
      return 8;
    }
    if (primitive == int.class || primitive == float.class) {
      return 4;
    }
    return primitive == char.class || primitive == short.class ? 2 : 1;
  }

  private static Class<?> elementOf(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    return element;
  }

  /** A class alone, to ask the gadget patterns about it. */
  private record ClassOnly(Class<?> serialClass) implements FilterInfo {
    @Override
    public long arrayLength() {
      return -1;
    }

    @Override
    public long depth() {
      return 1;
    }

    @Override
    public long references() {
      return 1;
    }

    @Override
    public long streamBytes() {
      return 0;
    }
  }

  private static String checkedPattern(String raw) {
    String pattern = raw == null ? "" : raw.trim();
    boolean shaped = !pattern.isEmpty() && !pattern.contains(";") && !pattern.startsWith("!")
        && !pattern.contains("=") && !pattern.contains("/");
    if (shaped) {
      try {
        ObjectInputFilter.Config.createFilter(pattern);
        return pattern;
      } catch (IllegalArgumentException e) {
        // reported below with the fix
      }
    }
    throw new IllegalArgumentException("cirrus.serialization.allow entry '" + raw + "' is not a"
        + " class pattern; use names like com.acme.Order, com.acme.* or com.acme.**");
  }
}
