package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * More threads than data path connections ({@code cirrus.data-connections}): the calls share the
 * connections, their requests and answers following each other on them, and each caller gets its
 * own answer, values large enough that the server writes its answers in several pieces included.
 */
@ExtendWith(CirrusServerExtension.class)
class SharedConnectionsTest {
  private static final int THREADS = 16;
  private static final int ROUNDS = 300;

  /** A value naming its writer and round, so an answer handed to the wrong caller shows. */
  private static byte[] value(int thread, int round, int size) {
    byte[] mark = ("t" + thread + "r" + round + ";").getBytes(StandardCharsets.US_ASCII);
    byte[] value = new byte[size];
    for (int i = 0; i < size; i++) {
      value[i] = mark[i % mark.length];
    }
    return value;
  }

  @Test
  void sixteenThreadsOnTwoConnections_eachCallGetsItsOwnAnswer(TestServer server)
      throws Exception {
    long acceptedBefore = server.server().dataPathStats().acceptedConnections();
    CacheManager manager =
        server.manager(TestServer.freshAccount(), "cirrus.data-connections", "2");
    try {
      Cache<String, byte[]> cache = manager.createCache("shared",
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        runs.add(pool.submit(() -> {
          start.await();
          calls(cache, thread);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> run : runs) {
        run.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
    } finally {
      manager.close();
    }
    long accepted = server.server().dataPathStats().acceptedConnections() - acceptedBefore;
    assertTrue(accepted >= 1 && accepted <= 2,
        accepted + " data path connections were opened for a bound of 2");
  }

  /** One thread's calls on keys of its own: each answer is checked against what it wrote. */
  private static void calls(Cache<String, byte[]> cache, int thread) {
    Random random = new Random(thread);
    for (int round = 0; round < ROUNDS; round++) {
      String key = "t" + thread + "-" + (round % 20);
      // Every 40th value is larger than what the server holds back to write with others.
      int size = round % 40 == 0 ? 70_000 + random.nextInt(10_000) : 1 + random.nextInt(300);
      byte[] value = value(thread, round, size);
      cache.put(key, value);
      assertArrayEquals(value, cache.get(key), key);
      if (round % 25 == 0) {
        String other = "t" + thread + "-absent-" + round;
        Map<String, byte[]> found = cache.getAll(Set.of(key, other));
        assertEquals(Set.of(key), found.keySet());
        assertArrayEquals(value, found.get(key), key);
      }
      if (round % 30 == 0) {
        assertTrue(cache.remove(key), key);
        assertNull(cache.get(key), key);
      }
    }
  }

  @Test
  void aBoundThatIsNotAWholeNumberFromOne_isRefusedNamingTheKey(TestServer server) {
    for (String bad : List.of("0", "-3", "many", "1025")) {
      CacheException refused = assertThrows(CacheException.class,
          () -> server.manager(TestServer.freshAccount(), "cirrus.data-connections", bad));
      assertTrue(refused.getMessage().contains("cirrus.data-connections")
          && refused.getMessage().contains("'" + bad + "'"), refused.getMessage());
    }
  }
}
