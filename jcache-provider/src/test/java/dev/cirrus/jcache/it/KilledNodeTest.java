package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.jcache.config.Endpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Two Cirrus nodes in processes of their own; the one a client uses is killed with SIGKILL (no
 * goodbye to anyone) while threads read and write: reads keep succeeding, writes fail only when
 * they may have reached the dead node, the client works on the other node within a few seconds,
 * and every write acknowledged after the kill is there.
 */
class KilledNodeTest {

  private static final int THREADS = 4;
  /** The bound on the gap in service, generous for a loaded 2-core machine. */
  private static final Duration GAP_BOUND = Duration.ofSeconds(4);

  @Test
  void sigkilledNode_underTraffic_clientContinuesOnTheOtherNode() throws Exception {
    Path dataDir = Files.createTempDirectory("cirrus-killed-node");
    List<String> flags = List.of("--data-port", "0");
    CirrusCachingProvider provider = new CirrusCachingProvider();
    try (ServerProcess a = new ServerProcess(dataDir, ServerProcess.freePort(), flags);
        ServerProcess b = new ServerProcess(dataDir, ServerProcess.freePort(), flags)) {
      a.start(); // creates the signing key; b then starts with the same one
      b.start();
      Properties props = new Properties();
      props.setProperty("cirrus.token", a.token());
      props.setProperty("cirrus.call-timeout", "5s");
      Map<String, CacheManager> single = new ConcurrentHashMap<>();
      for (ServerProcess node : List.of(a, b)) {
        CacheManager m = provider.getCacheManager(
            URI.create(node.endpoint()), getClass().getClassLoader(), props);
        m.createCache("orders",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        single.put(node.endpoint(), m);
      }
      CirrusCacheManager manager = provider.getCacheManager(
          URI.create(a.endpoint() + "," + b.endpoint().substring("cirrus://".length())),
          getClass().getClassLoader(), props).unwrap(CirrusCacheManager.class);
      Cache<String, String> orders = manager.getCache("orders", String.class, String.class);
      Endpoint first = manager.currentEndpoint();
      ServerProcess victim = first.toString().equals(a.endpoint()) ? a : b;
      ServerProcess survivor = victim == a ? b : a;

      Traffic traffic = new Traffic(orders);
      traffic.start();
      Thread.sleep(500);
      victim.kill();
      // Answers before this instant may have come from the victim, whose memory died with it.
      long killedAt = System.nanoTime();
      Thread.sleep(3_000);
      traffic.stop();

      assertTrue(traffic.failedReads.isEmpty(), "reads failed: " + traffic.failedReads);
      for (String failure : traffic.failedWrites) {
        assertTrue(failure.contains("may or may not have been applied"), failure);
      }
      assertTrue(traffic.failedWrites.size() <= 2 * THREADS, "writes failed: " + traffic.failedWrites);
      long firstAfter = traffic.firstSuccessAfter(killedAt);
      Duration gap = Duration.ofNanos(firstAfter - killedAt);
      System.out.println("sigkill failover: service gap " + gap.toMillis() + " ms, "
          + traffic.failedWrites.size() + " write(s) in doubt, " + traffic.acknowledgedAfter(killedAt).size()
          + " writes acknowledged after the kill");
      assertTrue(gap.compareTo(GAP_BOUND) < 0, "no call succeeded for " + gap.toMillis() + " ms");
      assertEquals(Endpoint.parse(survivor.endpoint()), manager.currentEndpoint());
      assertNotEquals(first, manager.currentEndpoint());
      Cache<String, String> onSurvivor =
          single.get(survivor.endpoint()).getCache("orders", String.class, String.class);
      List<String> acknowledged = traffic.acknowledgedAfter(killedAt);
      assertTrue(!acknowledged.isEmpty(), "no write was acknowledged after the kill");
      for (String key : acknowledged) {
        assertEquals(key, onSurvivor.get(key), "acknowledged write of " + key + " is lost");
      }
    } finally {
      provider.close();
    }
  }

  /** Threads that each put a new key and read it back, recording what happened and when. */
  private static final class Traffic {
    final List<String> failedReads = new CopyOnWriteArrayList<>();
    final List<String> failedWrites = new CopyOnWriteArrayList<>();
    /** Per acknowledged write: the nanoTime of its answer and its key. */
    final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    final List<Long> successes = new CopyOnWriteArrayList<>();
    private final Cache<String, String> cache;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();
    private volatile boolean running = true;

    Traffic(Cache<String, String> cache) {
      this.cache = cache;
    }

    void start() {
      for (int i = 0; i < THREADS; i++) {
        Thread t = new Thread(this::run, "traffic-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    private void run() {
      while (running) {
        String key = "k" + next.incrementAndGet();
        try {
          cache.put(key, key);
          long at = System.nanoTime();
          acknowledged.put(key, at);
          successes.add(at);
        } catch (CacheException e) {
          failedWrites.add(e.getMessage());
          continue;
        }
        try {
          cache.get(key);
          successes.add(System.nanoTime());
        } catch (CacheException e) {
          failedReads.add(e.getMessage());
        }
      }
    }

    void stop() throws InterruptedException {
      running = false;
      for (Thread t : threads) {
        t.join(10_000);
      }
    }

    long firstSuccessAfter(long instant) {
      return successes.stream().filter(t -> t > instant).min(Long::compare)
          .orElse(Long.MAX_VALUE / 2);
    }

    List<String> acknowledgedAfter(long instant) {
      return acknowledged.entrySet().stream().filter(e -> e.getValue() > instant)
          .map(Map.Entry::getKey).toList();
    }
  }
}
