package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.it.SerializationFilterTest.Tripwire;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stored value a reader cannot decode (its class refused by the allow-list, missing or changed
 * after a deploy, corrupt bytes) is a miss by default, so loaders, Spring and Hibernate recompute
 * it instead of failing; it is counted on the Codec MXBean and warned about once per class.
 * {@code cirrus.codec.on-undecodable=fail} keeps the strict failure. Each test writes with one
 * client and reads with another that never wrote the class, against a real server.
 */
@ExtendWith(CirrusServerExtension.class)
class UndecodableValueTest {

  /** Loads "loaded-" + key and counts its calls. */
  public static final class CountingLoader implements CacheLoader<String, Object>, Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Object load(String key) {
      CALLS.incrementAndGet();
      return "loaded-" + key;
    }

    @Override
    public Map<String, Object> loadAll(Iterable<? extends String> keys) {
      Map<String, Object> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

  private final List<LogRecord> warnings = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel() == Level.WARNING) {
        synchronized (warnings) {
          warnings.add(record);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Logger logger =
      Logger.getLogger("dev.cirrus.jcache.internal.codec.UndecodableValues");

  private TestServer server;
  private String account;

  @BeforeEach
  void setUp(TestServer server) {
    this.server = server;
    this.account = TestServer.freshAccount();
    Tripwire.tripped = false;
    CountingLoader.CALLS.set(0);
    logger.addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    logger.removeHandler(capture);
  }

  private CacheManager client(String... keysAndValues) {
    Properties properties = new Properties();
    properties.setProperty("cirrus.token", server.token(account));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return server.manager(URI.create(server.endpoint()), properties);
  }

  private static Cache<String, Object> cache(CacheManager manager, String name) {
    Cache<String, Object> cache = manager.getCache(name);
    return cache != null ? cache : manager.createCache(name,
        new MutableConfiguration<String, Object>().setStatisticsEnabled(true));
  }

  private static Object codecFigure(CacheManager manager, String attribute) throws Exception {
    ObjectName name = new ObjectName("dev.cirrus:type=Codec,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=\n]", "."));
    return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }

  private List<String> warningTexts() {
    synchronized (warnings) {
      return warnings.stream().map(LogRecord::getMessage).toList();
    }
  }

  @Test
  void refusedClass_isAMiss_countedInStatisticsAndTheCodecMBean_warnedOncePerClass()
      throws Exception {
    // The writer first: managers of one URI share MBean names, the last one started holds them.
    Cache<String, Object> writer = cache(client(), "values");
    CacheManager readerManager = client();
    Cache<String, Object> reader = cache(readerManager, "values");
    writer.put("secret", new Tripwire());
    writer.put("other-secret", new Tripwire());

    assertNull(reader.get("secret"), "an undecodable value reads as absent");
    assertNull(reader.get("secret"));
    assertNull(reader.get("other-secret"));
    assertFalse(Tripwire.tripped, "the refused class was never instantiated");

    assertEquals(3L, codecFigure(readerManager, "UndecodableValues"));
    assertEquals(3L, codecFigure(readerManager, "RefusedValues"));
    List<String> texts = warningTexts();
    assertEquals(1, texts.size(), "one warning for the class, not one per read: " + texts);
    assertTrue(texts.get(0).contains(Tripwire.class.getName()), texts.get(0));
    assertTrue(texts.get(0).contains("cirrus.serialization.allow=" + Tripwire.class.getName()),
        "the warning says how to admit the class: " + texts.get(0));
    assertTrue(texts.get(0).contains("cirrus.codec.on-undecodable=fail"), texts.get(0));

    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    ObjectName stats = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + readerManager.getURI().toString().replaceAll("[,:=\n]", ".") + ",Cache=values");
    assertEquals(3L, mbeans.getAttribute(stats, "CacheMisses"));
    assertEquals(0L, mbeans.getAttribute(stats, "CacheHits"));
  }

  @Test
  void readThrough_recomputesTheUndecodableValue_andReplacesItOnTheServer() {
    CacheManager readerManager = client();
    Cache<String, Object> reader = readerManager.createCache("loaded",
        new MutableConfiguration<String, Object>().setReadThrough(true)
            .setCacheLoaderFactory(FactoryBuilder.factoryOf(new CountingLoader())));
    Cache<String, Object> writer = cache(client(), "loaded");
    writer.put("k", new Tripwire());

    assertEquals("loaded-k", reader.get("k"), "the loader recomputes what cannot be decoded");
    assertEquals("loaded-k", reader.get("k"), "...and its value replaced the undecodable one");
    assertEquals(1, CountingLoader.CALLS.get());
    assertEquals("loaded-k", cache(client("cirrus.codec.on-undecodable", "fail"), "loaded")
        .get("k"), "every client now reads the recomputed value");

    writer.put("a", new Tripwire());
    writer.put("b", "plain");
    assertEquals(Map.of("a", "loaded-a", "b", "plain"), reader.getAll(Set.of("a", "b")));
    assertEquals("loaded-a", reader.get("a"), "getAll's loaded value replaced it too");
    assertEquals(2, CountingLoader.CALLS.get());
    assertFalse(Tripwire.tripped);
  }

  @Test
  void corruptBytes_andTruncatedPrimitives_areMisses() throws Exception {
    Cache<String, Object> writer = cache(client("cirrus.codec",
        SerializationFilterTest.ForgingCodec.class.getName()), "corrupt");
    CacheManager readerManager = client();
    Cache<String, Object> reader = cache(readerManager, "corrupt");
    writer.put("garbage", new SerializationFilterTest.Forged(new byte[] {127, 1, 2, 3, 4}));
    writer.put("short-long", new SerializationFilterTest.Forged(new byte[] {2, 1, 2}));
    writer.put("unknown-tag", new SerializationFilterTest.Forged(new byte[] {99, 1}));

    assertNull(reader.get("garbage"));
    assertNull(reader.get("short-long"));
    assertNull(reader.get("unknown-tag"));
    assertEquals(3L, codecFigure(readerManager, "UndecodableValues"));
  }

  @Test
  void getAllIterationAndInvoke_treatTheUndecodableEntryAsAbsent() {
    Cache<String, Object> reader = cache(client(), "mixed");
    Cache<String, Object> writer = cache(client(), "mixed");
    writer.put("good", "value");
    writer.put("bad", new Tripwire());

    assertEquals(Map.of("good", "value"), reader.getAll(Set.of("good", "bad")));
    List<String> iterated = new ArrayList<>();
    reader.forEach(entry -> iterated.add(entry.getKey()));
    assertEquals(List.of("good"), iterated, "iteration skips what it cannot decode");

    // Spring's @Cacheable(sync = true) loads through invoke: the processor sees no entry and its
    // value replaces the undecodable one.
    Object result = reader.invoke("bad", (entry, args) -> {
      assertFalse(entry.exists());
      entry.setValue("recomputed");
      return "ran";
    });
    assertEquals("ran", result);
    assertEquals("recomputed", reader.get("bad"));
    assertEquals("recomputed", writer.get("bad"));
    assertFalse(Tripwire.tripped);
  }

  @Test
  void writesOverAnUndecodableValue_succeed_withNoPreviousValue() {
    Cache<String, Object> reader = cache(client(), "overwrite");
    Cache<String, Object> writer = cache(client(), "overwrite");
    writer.put("k", new Tripwire());
    assertNull(reader.getAndPut("k", "new"), "the write applies; the old value cannot be shown");
    assertEquals("new", writer.get("k"));
    writer.put("k", new Tripwire());
    assertNull(reader.getAndRemove("k"));
    assertFalse(writer.containsKey("k"));
  }

  @Test
  void failPolicy_keepsTheStrictFailure_namingTheClassAndTheFix() throws Exception {
    Cache<String, Object> writer = cache(client(), "strict");
    CacheManager readerManager = client("cirrus.codec.on-undecodable", "fail");
    Cache<String, Object> reader = cache(readerManager, "strict");
    writer.put("secret", new Tripwire());

    CacheException e = assertThrows(CacheException.class, () -> reader.get("secret"));
    assertTrue(e.getMessage().contains(Tripwire.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("cirrus.serialization.allow"), e.getMessage());
    assertEquals(1L, codecFigure(readerManager, "UndecodableValues"));
    assertTrue(warningTexts().isEmpty(), "the caller got the failure; nothing to warn about");
  }

  @Test
  void badPolicy_failsTheStart_namingTheKeyAndTheChoices() {
    CacheException e = assertThrows(CacheException.class,
        () -> client("cirrus.codec.on-undecodable", "ignore"));
    assertTrue(e.getMessage().contains("cirrus.codec.on-undecodable"), e.getMessage());
    assertTrue(e.getMessage().contains("ignore"), e.getMessage());
    assertTrue(e.getMessage().contains("miss") && e.getMessage().contains("fail"), e.getMessage());
  }
}
