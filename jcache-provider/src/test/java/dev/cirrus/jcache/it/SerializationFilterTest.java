package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.jcache.codec.Codec;
import dev.cirrus.jcache.internal.codec.DefaultCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.BadAttributeValueExpException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whoever can write a value must not be able to run code in every reader: by default values are
 * decoded through an allow-list (the JDK's classes, the classes the reading CacheManager wrote
 * itself or was told about), and a refused class is never instantiated. Each test writes with one
 * client (the "writer", who may be an attacker) and reads with another that never wrote the class.
 */
@ExtendWith(CirrusServerExtension.class)
class SerializationFilterTest {

  /** Sets a flag when deserialized, as a gadget class would run its payload. */
  static final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean tripped;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      tripped = true;
    }
  }

  /** An application's value class. */
  record Order(String id, long cents, Status status) implements Serializable {}

  /** Held by {@link Order}: allowing Order by name does not allow this. */
  enum Status { OPEN, PAID }

  /** Bytes a writer sends as they are, in place of an encoded value: what an attacker can store. */
  record Forged(byte[] bytes) implements Serializable {}

  /** A writer's codec ({@code cirrus.codec}) that stores {@link Forged} bytes unchanged. */
  public static final class ForgingCodec implements Codec {
    private final DefaultCodec codec;

    public ForgingCodec(ClassLoader loader) {
      this.codec = new DefaultCodec(loader);
    }

    @Override
    public byte[] encode(Object value) {
      return value instanceof Forged forged ? forged.bytes() : codec.encode(value);
    }

    @Override
    public Object decode(byte[] bytes) {
      return codec.decode(bytes);
    }
  }

  private TestServer server;
  private String account;

  @BeforeEach
  void setUp(TestServer server) {
    this.server = server;
    this.account = TestServer.freshAccount();
    Tripwire.tripped = false;
  }

  /**
   * A client that reads strictly ({@code cirrus.codec.on-undecodable=fail}), so each test sees the
   * filter's decision and its message; {@code UndecodableValueTest} covers the default, which reads
   * a refused value as a miss.
   */
  private CacheManager client(String... keysAndValues) {
    Properties properties = new Properties();
    properties.setProperty("cirrus.token", server.token(account));
    properties.setProperty("cirrus.codec.on-undecodable", "fail");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return server.manager(URI.create(server.endpoint()), properties);
  }

  private static Cache<String, Object> untyped(CacheManager manager) {
    Cache<String, Object> cache = manager.getCache("values");
    return cache != null ? cache : manager.createCache("values", new MutableConfiguration<>());
  }

  @Test
  void byDefault_aClassTheReaderNeverWrote_isRefused_neverInstantiated_andCounted() throws Exception {
    Cache<String, Object> writer = untyped(client());
    CacheManager readerManager = client();
    Cache<String, Object> reader = untyped(readerManager);

    writer.put("evil", new Tripwire());
    CacheException e = assertThrows(CacheException.class, () -> reader.get("evil"));
    assertTrue(e.getMessage().contains(Tripwire.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("cirrus.serialization.allow=" + Tripwire.class.getName()),
        e.getMessage());
    assertFalse(Tripwire.tripped, "the refused class was never instantiated");

    ObjectName name = new ObjectName("dev.cirrus:type=Codec,CacheManager="
        + readerManager.getURI().toString().replaceAll("[,:=\n]", "."));
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    assertEquals(1L, mbeans.getAttribute(name, "RefusedValues"));
    assertEquals(Tripwire.class.getName(), mbeans.getAttribute(name, "LastRefusedClass"));
  }

  @Test
  void byDefault_theJdksValueClasses_andWhatTheReaderWroteItself_decode() {
    Cache<String, Object> writer = untyped(client());
    Cache<String, Object> reader = untyped(client());

    Map<String, Object> jdk = Map.of("list", new ArrayList<>(List.of("a", "b")),
        "amount", new BigDecimal("12.50"), "at", Instant.ofEpochSecond(1_700_000_000L),
        "ts", new java.sql.Timestamp(1_700_000_000_000L));
    writer.put("jdk", new java.util.HashMap<>(jdk));
    assertEquals(jdk, reader.get("jdk"), "the JDK's value classes are allowed");

    Order order = new Order("o-1", 1999, Status.PAID);
    reader.put("mine", order);
    writer.put("theirs", new Order("o-2", 500, Status.OPEN));
    assertEquals(order, reader.get("mine"), "a class the reader cached itself is trusted");
    assertEquals(new Order("o-2", 500, Status.OPEN), reader.get("theirs"),
        "...whoever wrote the entry, and with the classes its fields hold (the enum)");
  }

  @Test
  void allowList_fromConfig_admitsAPackage() throws Exception {
    Cache<String, Object> writer = untyped(client());
    CacheManager readerManager = client("cirrus.serialization.allow", "java.util.*, dev.cirrus.jcache.it.*");
    Cache<String, Object> reader = untyped(readerManager);

    writer.put("order", new Order("o-3", 1, Status.OPEN));
    assertEquals(new Order("o-3", 1, Status.OPEN), reader.get("order"));

    ObjectName name = new ObjectName("dev.cirrus:type=Codec,CacheManager="
        + readerManager.getURI().toString().replaceAll("[,:=\n]", "."));
    assertArrayEquals(new String[] {"dev.cirrus.jcache.it.*", "java.util.*"},
        (String[]) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "AllowedPatterns"),
        "operators see what the list admits");
  }

  @Test
  void aTypedCache_allowsItsKeyAndValueClasses() {
    Cache<String, Order> writer = client().createCache("orders",
        new MutableConfiguration<String, Order>().setTypes(String.class, Order.class));
    Order order = new Order("o-4", 7, Status.OPEN);
    writer.put("o-4", order);

    CacheManager readerManager = client();
    Cache<String, Order> reader = readerManager.getCache("orders", String.class, Order.class);
    CacheException e = assertThrows(CacheException.class, () -> reader.get("o-4"),
        "Order is declared, the enum it holds is not: the refusal names the enum");
    assertTrue(e.getMessage().contains(Status.class.getName()), e.getMessage());

    readerManager.unwrap(CirrusCacheManager.class).allowDeserializationOf(Status.class);
    assertEquals(order, reader.get("o-4"));
  }

  @Test
  void integrations_allowClassPatterns_throughTheManager() {
    Cache<String, Object> writer = untyped(client());
    CacheManager readerManager = client();
    Cache<String, Object> reader = untyped(readerManager);
    writer.put("order", new Order("o-5", 9, Status.PAID));
    assertThrows(CacheException.class, () -> reader.get("order"));

    readerManager.unwrap(CirrusCacheManager.class)
        .allowDeserializationOf(List.of("dev.cirrus.jcache.**"));
    assertEquals(new Order("o-5", 9, Status.PAID), reader.get("order"));

    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () ->
        readerManager.unwrap(CirrusCacheManager.class).allowDeserializationOf(List.of("!com.acme.*")));
    assertTrue(bad.getMessage().contains("com.acme.Order"), bad.getMessage());
  }

  @Test
  void knownGadgetPackages_areRefused_evenWhenEverythingIsAllowed() {
    Cache<String, Object> writer = untyped(client());
    Cache<String, Object> reader = untyped(client("cirrus.serialization.allow", "*"));

    writer.put("gadget", new BadAttributeValueExpException("payload"));
    CacheException e = assertThrows(CacheException.class, () -> reader.get("gadget"));
    assertTrue(e.getMessage().contains("known deserialization gadgets"), e.getMessage());
    CacheException own = assertThrows(CacheException.class, () -> writer.get("gadget"));
    assertTrue(own.getMessage().contains("javax.management"), "even for the client that wrote it: "
        + own.getMessage());

    writer.put("tripwire", new Tripwire());
    assertTrue(reader.get("tripwire") instanceof Tripwire, "'*' allows every other class");
  }

  @Test
  void aValueNestedBeyondTheDepthLimit_isRefused() {
    Cache<String, Object> cache = untyped(client());
    List<Object> deep = new ArrayList<>();
    List<Object> innermost = deep;
    for (int i = 0; i < 200; i++) {
      List<Object> next = new ArrayList<>();
      innermost.add(next);
      innermost = next;
    }
    cache.put("deep", deep);
    CacheException e = assertThrows(CacheException.class, () -> cache.get("deep"));
    assertTrue(e.getMessage().contains("limits"), e.getMessage());
  }

  @Test
  void aValueAnnouncingAHugeArray_isRefusedAtOnce_withoutAllocatingIt() throws Exception {
    Cache<String, Object> writer = untyped(client("cirrus.codec", ForgingCodec.class.getName()));
    Cache<String, Object> reader = untyped(client());
    // A serialized long[0] whose length says 99,999,999: ~30 bytes that, under a bound of 10^8
    // elements, made a reader allocate 800 MB before finding the stream too short.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(127); // the default codec's tag for Java serialization
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new long[0]);
    }
    byte[] forged = bytes.toByteArray();
    ByteBuffer.wrap(forged, forged.length - 4, 4).putInt(99_999_999);
    writer.put("huge", new Forged(forged));

    CacheException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(CacheException.class, () -> reader.get("huge")));
    assertTrue(e.getMessage().contains("announces an array of 99999999 elements (long[])"),
        e.getMessage());
    assertTrue(e.getMessage().contains("more than a value that size can hold"), e.getMessage());
  }

  @Test
  void anApplicationsOwnFilter_decidesAlone() {
    Cache<String, Object> writer = untyped(client());
    Cache<String, Object> reader = untyped(client("cirrus.serialization.filter",
        "java.base/*;dev.cirrus.jcache.it.SerializationFilterTest$Order;!*"));

    writer.put("order", new Order("o-6", 1, Status.OPEN));
    CacheException e = assertThrows(CacheException.class, () -> reader.get("order"));
    assertTrue(e.getMessage().contains("cirrus.serialization.filter"), e.getMessage());
    assertTrue(e.getMessage().contains(Status.class.getName()), e.getMessage());
  }

  @Test
  void badSettings_failTheStart_namingTheKey() {
    CacheException notAPattern = assertThrows(CacheException.class,
        () -> client("cirrus.serialization.allow", "!com.acme.*"));
    assertTrue(notAPattern.getMessage().contains("cirrus.serialization.allow"), notAPattern.getMessage());

    CacheException both = assertThrows(CacheException.class, () -> client(
        "cirrus.serialization.allow", "com.acme.*", "cirrus.serialization.filter", "!*"));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());

    CacheException badFilter = assertThrows(CacheException.class,
        () -> client("cirrus.serialization.filter", "maxdepth=abc"));
    assertTrue(badFilter.getMessage().contains("cirrus.serialization.filter"), badFilter.getMessage());
  }
}
