package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A putAll of small values costs the calling thread little more than the bytes it sends: its
 * request is written from the entries' encoded keys and values straight into the connection's
 * buffer, with no record, map entry or protobuf message per entry on the way. A getAll without a
 * near cache decodes each value from its answer, copying it once.
 */
@ExtendWith(CirrusServerExtension.class)
class BatchAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void putAllAndGetAllOfSmallValues_allocateLittleBeyondTheirBytes(TestServer server) {
    try (CacheManager manager = server.manager(TestServer.freshAccount())) {
      putAllsAndGetAllsOfSmallValues(manager.createCache("batch",
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class)));
    }
  }

  private static void putAllsAndGetAllsOfSmallValues(Cache<String, byte[]> cache) {
    Random random = new Random(7);
    List<Map<String, byte[]>> batches = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      Map<String, byte[]> batch = new LinkedHashMap<>();
      for (int i = 0; i < 100; i++) {
        byte[] value = new byte[100];
        random.nextBytes(value);
        batch.put("key-" + b + "-" + i, value);
      }
      batches.add(batch);
    }
    for (int i = 0; i < 300; i++) {
      cache.putAll(batches.get(i % batches.size()));
    }
    int calls = 100;
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      cache.putAll(batches.get(i % batches.size()));
    }
    long perEntry = (THREADS.getThreadAllocatedBytes(thread) - before) / calls / 100;
    // Two maps of holders, records and a protobuf builder and message per entry: about 800 bytes.
    assertTrue(perEntry < 450, "a putAll of 100 values of 100 bytes allocated " + perEntry
        + " bytes per entry on the calling thread");
    for (Map<String, byte[]> batch : batches) {
      Map<String, byte[]> read = cache.getAll(batch.keySet());
      assertEquals(batch.keySet(), read.keySet());
      batch.forEach((key, value) -> assertArrayEquals(value, read.get(key), key));
    }
    for (int i = 0; i < 1000; i++) {
      cache.getAll(batches.get(i % batches.size()).keySet());
    }
    before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      cache.getAll(batches.get(i % batches.size()).keySet());
    }
    perEntry = (THREADS.getThreadAllocatedBytes(thread) - before) / calls / 100;
    // With each value copied out of the answer before its decoding copied it again: about 645.
    assertTrue(perEntry < 600, "a getAll of 100 values of 100 bytes allocated " + perEntry
        + " bytes per entry on the calling thread (about 545 expected)");
  }
}
