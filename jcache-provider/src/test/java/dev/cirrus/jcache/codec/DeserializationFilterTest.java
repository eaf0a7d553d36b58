package dev.cirrus.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectInputFilter;
import java.io.ObjectInputFilter.Status;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list's decisions, class by class. */
class DeserializationFilterTest {

  record Order(String id) implements Serializable {}

  enum Color { RED }

  private static ObjectInputFilter.FilterInfo reading(Class<?> type) {
    return new ObjectInputFilter.FilterInfo() {
      @Override
      public Class<?> serialClass() {
        return type;
      }

      @Override
      public long arrayLength() {
        return type != null && type.isArray() ? 3 : -1;
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
