package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.near.NearCacheSettings;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A large value read over the data path comes from the wire into the array the caller gets: one
 * allocation of about the value's size per get, not one for the answer and one more for the value
 * copied out of it; a put of a value up to 16 KiB is sent from the caller's array through a
 * buffer the connection keeps, with no copy of the value allocated. Values of every kind and of
 * sizes around where reading apart begins read back equal, and a near cache never shares the
 * array it keeps with a caller.
 */
@ExtendWith(CirrusServerExtension.class)
class LargeValueAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private CacheManager manager;

  @BeforeEach
  void setUp(TestServer server) {
    manager = server.manager(TestServer.freshAccount());
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Cache<String, byte[]> bytesCache(String name) {
    return manager.createCache(name, new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class));
  }

  private static byte[] random(int size) {
    byte[] value = new byte[size];
    new Random(size).nextBytes(value);
    return value;
  }

  @Test
  void aLargeGet_allocatesAboutItsValueOnce() {
    int size = 512 * 1024;
    Cache<String, byte[]> cache = bytesCache("large");
    byte[] value = random(size);
    cache.put("k", value);
    for (int i = 0; i < 20; i++) {
      assertArrayEquals(value, cache.get("k"));
    }
    int gets = 20;
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < gets; i++) {
      cache.get("k");
    }
    long perGet = (THREADS.getThreadAllocatedBytes(thread) - before) / gets;
    // Answer and value apart, this was twice the value's size.
    assertTrue(perGet < size * 5L / 4, "a get of " + size + " bytes allocated " + perGet
        + " bytes on the calling thread; expected about the value's size once");
  }

  @Test
  void aPutOf10KiB_allocatesNoCopyOfItsValue() {
    int size = 10 * 1024;
    Cache<String, byte[]> cache = bytesCache("puts");
    byte[] value = random(size);
    for (int i = 0; i < 50; i++) {
      cache.put("k", value);
    }
    int puts = 50;
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < puts; i++) {
      cache.put("k", value);
    }
    long perPut = (THREADS.getThreadAllocatedBytes(thread) - before) / puts;
    // With a frame array per request, this was the value's size and about 600 bytes more.
    assertTrue(perPut < size / 2, "a put of " + size + " bytes allocated " + perPut
        + " bytes on the calling thread; expected no copy of the value");
    assertArrayEquals(value, cache.get("k"));
  }

  @ParameterizedTest
  @ValueSource(ints = {8 * 1024 - 40, 8 * 1024 - 20, 8 * 1024 - 10, 8 * 1024 - 1, 8 * 1024,
      8 * 1024 + 1, 8 * 1024 + 30, 64 * 1024, 1000 * 1000})
  void bytesOfSizesAroundReadingApart_readBackEqual_andEachGetIsItsOwnArray(int size) {
    Cache<String, byte[]> cache = bytesCache("around");
    byte[] value = random(size);
    cache.put("k", value);
    byte[] first = cache.get("k");
    assertArrayEquals(value, first);
    first[0]++;
    assertArrayEquals(value, cache.get("k"));
  }

  @ParameterizedTest
  @ValueSource(ints = {8 * 1024 - 20, 100 * 1024})
  void largeStrings_readBackEqual(int length) {
    Cache<String, String> cache = manager.createCache("strings",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    StringBuilder text = new StringBuilder();
    Random random = new Random(length);
    while (text.length() < length) {
      // two-byte and three-byte UTF-8 characters among plain ones
      text.append(random.nextInt(10) == 0 ? 'é' : random.nextInt(20) == 0 ? '€' : 'a');
    }
    cache.put("k", text.toString());
    assertEquals(text.toString(), cache.get("k"));
  }

  @Test
  void aLargeSerializedValue_readsBackEqual() {
    Cache<String, ArrayList<String>> cache = manager.createCache("lists",
        new MutableConfiguration<String, ArrayList<String>>());
    ArrayList<String> list = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      list.add("item " + i);
    }
    cache.put("k", list);
    List<String> read = cache.get("k");
    assertEquals(list, read);
  }

  @Test
  void withANearCache_theCallersArrayIsNotTheOneKept(TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    CacheManager nearManager = server.manager(account);
    CacheManager writer = server.manager(account);
    try {
      CirrusConfiguration<String, byte[]> config = new CirrusConfiguration<String, byte[]>()
          .nearCache(NearCacheSettings.ofMaxSize(10));
      config.setTypes(String.class, byte[].class);
      config.setStatisticsEnabled(true);
      Cache<String, byte[]> cache = nearManager.createCache("near", config);
      NearCacheTest.awaitServing(nearManager, "near");
      byte[] value = random(200 * 1024);
      // Written by another client, so this one's first get reads it from the server and keeps it.
      writer.getCache("near", String.class, byte[].class).put("k", value);
      byte[] read = cache.get("k");
      assertArrayEquals(value, read);
      read[0]++;
      read[read.length - 1]++;
      long hitsBefore = NearCacheTest.nearHits(nearManager, "near");
      assertArrayEquals(value, cache.get("k"));
      assertTrue(NearCacheTest.nearHits(nearManager, "near") > hitsBefore,
          "the second get was a near hit, so the near cache held what the first one read");
    } finally {
      writer.close();
      nearManager.close();
    }
  }
}
