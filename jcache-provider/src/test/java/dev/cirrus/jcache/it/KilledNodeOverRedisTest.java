package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.server.EmbeddedRedisCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Two Cirrus nodes in processes of their own over one real Redis Cluster (3 masters + 3
 * replicas); the node a client uses is killed with SIGKILL while threads write and read. Since
 * the entries live in Redis, not in the dead node, nothing acknowledged is lost: every write
 * acknowledged before or after the kill is read back through the surviving node, and the client
 * goes on there at once (see {@link #GAP_BOUND}).
 */
class KilledNodeOverRedisTest {

  private static final int THREADS = 4;
  /**
   * The bound on the service gap a client sees when its node dies. The product's aim is under a
   * second (330 and 277 ms measured, the latter at a load average of 14); the bound is looser because on a
   * 2-core machine at a load average of 15 the gap reached 1.5 s, spent waiting for a CPU.
   */
  private static final Duration GAP_BOUND = Duration.ofSeconds(4);

  @Test
  void sigkilledNode_underTraffic_clientContinuesOnTheOther_andNoAcknowledgedWriteIsLost()
      throws Exception {
    EmbeddedRedisCluster redis = EmbeddedRedisCluster.shared();
    Path dataDir = Files.createTempDirectory("cirrus-killed-redis-node");
    List<String> flags = List.of("--data-port", "0", "--store", redis.uri());
    String cacheName = "orders-" + UUID.randomUUID();
    CirrusCachingProvider provider = new CirrusCachingProvider();
    try (ServerProcess a = new ServerProcess(dataDir, ServerProcess.freePort(), flags);
        ServerProcess b = new ServerProcess(dataDir, ServerProcess.freePort(), flags)) {
      a.start(); // creates the signing key; b then starts with the same one
      b.start();
      Properties props = new Properties();
      props.setProperty("cirrus.token", a.token());
      props.setProperty("cirrus.call-timeout", "5s");
      CacheManager viaA = provider.getCacheManager(
          URI.create(a.endpoint()), getClass().getClassLoader(), props);
      viaA.createCache(cacheName,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      CirrusCacheManager manager = provider.getCacheManager(
          URI.create(a.endpoint() + "," + b.endpoint().substring("cirrus://".length())),
          getClass().getClassLoader(), props).unwrap(CirrusCacheManager.class);
      Cache<String, String> orders = manager.getCache(cacheName, String.class, String.class);
      Endpoint first = manager.currentEndpoint();
      ServerProcess victim = first.toString().equals(a.endpoint()) ? a : b;
      ServerProcess survivor = victim == a ? b : a;

      WriteTraffic traffic = new WriteTraffic(orders, THREADS);
      long killedAt = traffic.across(Duration.ofMillis(1_000), victim::kill, Duration.ofSeconds(3));

      traffic.assertOnlyWritesInFlightFailed();
      Duration gap = Duration.ofNanos(traffic.firstSuccessAfter(killedAt) - killedAt);
      List<String> before = traffic.acknowledgedBefore(killedAt);
      List<String> after = traffic.acknowledgedAfter(killedAt);
      System.out.println("sigkill of a node over Redis: service gap " + gap.toMillis() + " ms, "
          + traffic.failedWrites.size() + " write(s) in doubt, " + before.size()
          + " writes acknowledged before the kill, " + after.size() + " after");
      assertTrue(gap.compareTo(GAP_BOUND) < 0, "no call succeeded for " + gap.toMillis() + " ms");
      assertEquals(Endpoint.parse(survivor.endpoint()), manager.currentEndpoint());
      assertNotEquals(first, manager.currentEndpoint());
      assertTrue(!before.isEmpty() && !after.isEmpty(),
          "writes acknowledged before the kill: " + before.size() + ", after: " + after.size());

      // A client that only knows the survivor reads everything either node acknowledged.
      CacheManager viaSurvivor = provider.getCacheManager(
          URI.create(survivor.endpoint()), getClass().getClassLoader(), props);
      Cache<String, String> onSurvivor = viaSurvivor.getCache(cacheName, String.class, String.class);
      List<String> acknowledged = new ArrayList<>(before);
      acknowledged.addAll(after);
      assertEquals(List.of(), WriteTraffic.missing(onSurvivor, acknowledged), "acknowledged writes lost");
    } finally {
      provider.close();
    }
  }
}
