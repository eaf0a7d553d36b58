package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batches of large values: the provider splits {@code putAll}, {@code getAll} and {@code
 * removeAll} by bytes, so they work whatever their total size, where one call of every item would
 * be over the data path's 16 MiB frame (requests) or the 64 MiB message limit (answers). Over the
 * data path (the default) and over gRPC.
 */
@ExtendWith(CirrusServerExtension.class)
class LargeBatchTest {

  private static Map<String, byte[]> values(String prefix, int count, int bytes) {
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      byte[] value = new byte[bytes];
      Arrays.fill(value, (byte) i);
      values.put(prefix + i, value);
    }
    return values;
  }

  private static void roundTrip(Cache<String, byte[]> cache, Map<String, byte[]> values) {
    cache.putAll(values);
    Map<String, byte[]> read = cache.getAll(values.keySet());
    assertEquals(values.keySet(), read.keySet());
    values.forEach((key, value) -> assertArrayEquals(value, read.get(key), key));
    cache.removeAll(Set.copyOf(values.keySet()));
    values.keySet().forEach(key -> assertFalse(cache.containsKey(key), key));
  }

  private static Cache<String, byte[]> cache(CacheManager manager) {
    return manager.createCache("large", new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class));
  }

  @Test
  void hundredValuesOf100Kb_andSeventyOfNearlyAMegabyte_overTheDataPath(TestServer server) {
    Cache<String, byte[]> cache = cache(server.manager(TestServer.freshAccount()));
    roundTrip(cache, values("small-", 100, 100 * 1024));
    // 70 MB: one putAll call would be a frame over 16 MiB, one getAll answer over 64 MiB.
    roundTrip(cache, values("big-", 70, 1_000_000));
  }

  @Test
  void theSame_overGrpc(TestServer server) {
    Cache<String, byte[]> cache = cache(server.manager(TestServer.freshAccount(),
        "cirrus.data-path", "grpc"));
    roundTrip(cache, values("small-", 100, 100 * 1024));
    roundTrip(cache, values("big-", 70, 1_000_000));
  }
}
