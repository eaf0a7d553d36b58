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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
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

      WriteTraffic traffic = new WriteTraffic(orders, THREADS);
      // Answers before the kill may have come from the victim, whose memory died with it.
      long killedAt = traffic.across(Duration.ofMillis(500), victim::kill, Duration.ofSeconds(3));

      traffic.assertOnlyWritesInFlightFailed();
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
}
