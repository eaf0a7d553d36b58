package dev.cirrus.jcache.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectInputFilter;
import java.io.ObjectInputFilter.Status;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allow-list's decisions, class by class. */
class DeserializationFilterTest {

  record Order(String id) implements Serializable {}

  enum Color { RED }

  private static ObjectInputFilter.FilterInfo reading(Class<?> type) {
    return reading(type, type != null && type.isArray() ? 3 : -1);
  }

  private static ObjectInputFilter.FilterInfo reading(Class<?> type, long arrayLength) {
    return new ObjectInputFilter.FilterInfo() {
      @Override
      public Class<?> serialClass() {
        return type;
      }

      @Override
      public long arrayLength() {
        return arrayLength;
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
        return 100;
      }
    };
  }

  @Test
  void theJdkIsAllowed_andNothingElseUntilAdded() {
    DeserializationFilter filter = DeserializationFilter.allowList(List.of());
    assertEquals(Status.ALLOWED, filter.checkInput(reading(java.util.HashMap.class)));
    assertEquals(Status.ALLOWED, filter.checkInput(reading(java.sql.Timestamp.class)));
    assertEquals(Status.ALLOWED, filter.checkInput(reading(long[].class)));
    assertEquals(Status.REJECTED, filter.checkInput(reading(Order.class)));
    assertEquals(Status.REJECTED, filter.checkInput(reading(Order[][].class)), "arrays of it too");

    filter.allow(Order[].class);
    assertEquals(Status.ALLOWED, filter.checkInput(reading(Order.class)));
    assertEquals(Status.REJECTED, filter.checkInput(reading(Color.class)), "exactly the class");
    assertEquals(List.of(Order.class.getName()), filter.allowedClasses());
  }

  @Test
  void jdkClasses_areNotListedAsAdded() {
    DeserializationFilter filter = DeserializationFilter.allowList(List.of());
    filter.allow(String.class);
    filter.allow(int[].class);
    assertEquals(List.of(), filter.allowedClasses());
  }

  @Test
  void patterns_admitPackages_andAreChecked() {
    DeserializationFilter filter = DeserializationFilter.allowList(List.of("dev.cirrus.jcache.**"));
    assertEquals(Status.ALLOWED, filter.checkInput(reading(Color.class)));
    assertEquals(List.of("dev.cirrus.jcache.**"), filter.allowedPatterns());
    for (String bad : List.of("", "!com.acme.*", "a;b", "maxdepth=3", "java.base/*")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> filter.allowPatterns(List.of(bad)), bad);
      assertTrue(e.getMessage().contains("cirrus.serialization.allow"), e.getMessage());
    }
  }

  @Test
  void gadgetPackages_andLimits_winOverTheList() {
    DeserializationFilter filter = DeserializationFilter.allowList(List.of("*"));
    assertEquals(Status.ALLOWED, filter.checkInput(reading(Order.class)));
    assertEquals(Status.REJECTED,
        filter.checkInput(reading(javax.management.BadAttributeValueExpException.class)));
    assertTrue(DeserializationFilter.isKnownGadget(javax.management.ObjectName.class));
    assertTrue(DeserializationFilter.isKnownGadget(java.net.URLClassLoader.class));
  }

  @Test
  void gadgetFamilies_areRefused_inTheirSubPackagesToo() throws Exception {
    DeserializationFilter filter = DeserializationFilter.allowList(List.of("*"));
    for (String gadget : List.of(
        "javax.management.openmbean.CompositeDataSupport",
        "javax.management.remote.rmi.RMIConnector",
        "java.rmi.server.RemoteObjectInvocationHandler",
        "com.sun.jndi.rmi.registry.ReferenceWrapper",
        "com.sun.rowset.JdbcRowSetImpl",
        "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl")) {
      Class<?> type = Class.forName(gadget, false, ClassLoader.getSystemClassLoader());
      assertTrue(DeserializationFilter.isKnownGadget(type), gadget);
      assertEquals(Status.REJECTED, filter.checkInput(reading(type)), gadget);
    }
    assertEquals(Status.ALLOWED, filter.checkInput(reading(javax.sql.rowset.serial.SerialArray.class)),
        "a package beside a gadget family is not refused with it");
  }

  @Test
  void anArray_longerThanItsValueCanHold_isRefused_whicheverFilterDecides() {
    DeserializationFilter allowList = DeserializationFilter.allowList(List.of());
    ObjectInputFilter fortyBytes = allowList.forValueOf(40);
    assertEquals(Status.REJECTED, fortyBytes.checkInput(reading(long[].class, 99_999_999)),
        "the old bound let 40 bytes allocate 800 MB");
    assertEquals(Status.ALLOWED, fortyBytes.checkInput(reading(long[].class, 5)), "5 longs: 40 bytes");
    assertEquals(Status.REJECTED, fortyBytes.checkInput(reading(long[].class, 6)));
    assertEquals(Status.ALLOWED, fortyBytes.checkInput(reading(byte[].class, 40)));
    assertEquals(Status.ALLOWED, fortyBytes.checkInput(reading(Object[].class, 320)),
        "a hash table may size eight slots per element");
    assertEquals(Status.REJECTED, fortyBytes.checkInput(reading(Object[].class, 321)));
    assertEquals(Status.ALLOWED, fortyBytes.checkInput(reading(String.class)), "not an array");

    ObjectInputFilter own = DeserializationFilter.ofPattern("*").forValueOf(40);
    assertEquals(Status.REJECTED, own.checkInput(reading(long[].class, 99_999_999)));
    assertNotEquals(Status.REJECTED, own.checkInput(reading(long[].class, 5)), "its own decision");
  }

  @Test
  void theJdksCollections_sizedForTheirLoadFactor_stayWithinTheArrayBound() {
    DefaultCodec codec = new DefaultCodec(getClass().getClassLoader());
    Set<String> sparseSet = new HashSet<>(16, 0.25f);
    Map<String, String> sparseMap = new HashMap<>(16, 0.25f);
    List<Map<String, String>> smallMaps = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String one = String.valueOf((char) ('!' + i));
      sparseSet.add(one);
      sparseMap.put(one, null);
      smallMaps.add(new HashMap<>(Map.of(one, one)));
    }
    for (Object value : List.of(sparseSet, sparseMap, smallMaps, new long[1000], new HashMap<>())) {
      Object decoded = codec.decode(codec.encode(value));
      assertEquals(value instanceof long[] ? 1000 : value, decoded instanceof long[] longs
          ? longs.length : decoded);
    }
  }

  @Test
  void anApplicationsOwnPattern_decidesAlone_andIgnoresAdditions() {
    DeserializationFilter filter = DeserializationFilter.ofPattern("java.base/*;!*");
    filter.allow(Order.class);
    filter.allowPatterns(List.of("dev.cirrus.**"));
    assertEquals(Status.REJECTED, filter.checkInput(reading(Order.class)));
    assertEquals(List.of(), filter.allowedClasses());
    assertEquals(List.of(), filter.allowedPatterns());
    assertThrows(IllegalArgumentException.class, () -> DeserializationFilter.ofPattern("maxdepth=x"));
  }
}
