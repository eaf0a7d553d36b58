package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * byte[] values of every size are stored and read by value over the data path: what the caller
 * does to its array after a put, or to the array a get returned, never reaches the cache, however
 * the provider avoids copying on the way (sizes below and above protobuf's 128-byte concatenation
 * threshold, the data path's 16 KiB first read, and large values).
 */
@ExtendWith(CirrusServerExtension.class)
class ByteValuesTest {

  private CacheManager manager;
  private Cache<String, byte[]> cache;

  @BeforeEach
  void setUp(TestServer server) {
    manager = server.manager(TestServer.freshAccount());
    cache = manager.createCache("bytes", new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static byte[] random(int size) {
    byte[] value = new byte[size];
    new Random(size).nextBytes(value);
    return value;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 127, 128, 10 * 1024, 16 * 1024, 100 * 1024, 1000 * 1000})
  void put_arrayChangedAfterwards_cacheKeepsWhatWasPut(int size) {
    byte[] value = random(size);
    byte[] original = value.clone();
    cache.put("k", value);
    if (size > 0) {
      value[0]++;
      value[size - 1]++;
    }
    assertArrayEquals(original, cache.get("k"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 200, 100 * 1024})
  void putAll_arraysChangedAfterwards_cacheKeepsWhatWasPut(int size) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Map<String, byte[]> originals = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      byte[] value = random(size + i);
      entries.put("k" + i, value);
      originals.put("k" + i, value.clone());
    }
    cache.putAll(entries);
    entries.values().forEach(value -> value[0]++);
    originals.forEach((key, value) -> assertArrayEquals(value, cache.get(key), key));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100, 10 * 1024, 100 * 1024, 1000 * 1000})
  void get_returnedArrayChanged_nextGetUnchanged(int size) {
    byte[] original = random(size);
    cache.put("k", original);
    byte[] first = cache.get("k");
    assertArrayEquals(original, first);
    first[0]++;
    byte[] second = cache.get("k");
    assertNotSame(first, second);
    assertArrayEquals(original, second);
  }
}
