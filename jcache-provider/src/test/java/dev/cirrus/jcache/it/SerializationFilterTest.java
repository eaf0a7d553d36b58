package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever can write a value must not be able to run code in every reader: values are decoded
 * through a JEP 290 filter, and a refused class is never instantiated.
 */
@ExtendWith(CirrusServerExtension.class)
class SerializationFilterTest {

  @TempDir
  Path dir;

  /** Sets a flag when deserialized, as a gadget class would run its payload. */
  static final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean tripped;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      tripped = true;
    }
  }

  /** An application class the allow-list names. */
  record Order(String id, long cents) implements Serializable {}

  private CacheManager manager(TestServer server, String allow) throws Exception {
    Path file = dir.resolve("cirrus.properties");
    Files.write(file, List.of(
        "cirrus.uri=" + server.endpoint(),
        "cirrus.token=" + server.token("filters"),
        "cirrus.serialization.allow=" + allow));
    return server.manager(file.toUri(), new Properties());
  }

  @Test
  void allowList_refusesOtherClasses_withoutInstantiatingThem_andCountsThem(TestServer server)
      throws Exception {
    CacheManager manager = manager(server, "dev.cirrus.jcache.it.SerializationFilterTest$Order");
    Cache<String, Object> cache = manager.createCache("values", new MutableConfiguration<>());

    cache.put("order", new Order("o-1", 1999));
    assertEquals(new Order("o-1", 1999), cache.get("order"), "an allowed class round-trips");
    ArrayList<String> jdk = new ArrayList<>(List.of("a", "b"));
    cache.put("list", jdk);
    assertEquals(jdk, cache.get("list"), "the JDK's own value classes are allowed");

    Tripwire.tripped = false;
    cache.put("evil", new Tripwire());
    CacheException e = assertThrows(CacheException.class, () -> cache.get("evil"));
    assertTrue(e.getMessage().contains(Tripwire.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("cirrus.serialization.allow"), e.getMessage());
    assertFalse(Tripwire.tripped, "the refused class was never instantiated");

    ObjectName name = new ObjectName("dev.cirrus:type=Codec,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=\n]", "."));
    assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(name, "RefusedValues"));
  }

  @Test
  void allowListEntry_thatIsNotAClassPattern_failsTheStart(TestServer server) {
    CacheException e = assertThrows(CacheException.class, () -> manager(server, "!com.acme.*"));
    assertTrue(e.getMessage().contains("cirrus.serialization.allow"), e.getMessage());
  }
}
