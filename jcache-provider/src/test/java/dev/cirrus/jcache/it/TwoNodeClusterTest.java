package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.it.SharedCacheTest.RecordingListener;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Cirrus nodes over one real Redis Cluster (3 masters + 3 replicas), sharing one data dir
 * (so one signing key), with JCache clients on each: the nodes serve the same caches, entries and
 * change streams, and a token issued by one is accepted by the other.
 */
class TwoNodeClusterTest {
  private static EmbeddedServer nodeA;
  private static EmbeddedServer nodeB;
  private static TestServer clientsA;
  private static TestServer clientsB;

  @BeforeAll
  static void startNodes() throws Exception {
    EmbeddedRedisCluster cluster = EmbeddedRedisCluster.shared();
    nodeA = EmbeddedServer.start(b -> b.redisStore(cluster.target()));
    nodeB = EmbeddedServer.start(b -> b.redisStore(cluster.target()).dataDir(nodeA.dataDir()));
    clientsA = new TestServer(nodeA);
    clientsB = new TestServer(nodeB);
  }

  @AfterAll
  static void stopNodes() {
    if (clientsB != null) {
      clientsB.close();
    }
    if (clientsA != null) {
      clientsA.close();
    }
  }

  /** A client of node B carrying a token node A issued. */
  private static CacheManager onB(String account) {
    Properties props = new Properties();
    props.setProperty("cirrus.token", nodeA.token(account));
    return clientsB.manager(URI.create(clientsB.endpoint()), props);
  }

  private static CacheManager onA(String account) {
    return clientsA.manager(account);
  }

  @Test
  void createOnA_isUsableOnB_withItsSettings_andEntriesCross() {
    String account = TestServer.freshAccount();
    CacheManager a = onA(account);
    CacheManager b = onB(account);
    Cache<String, Long> created = a.createCache("shared",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class)
            .setStatisticsEnabled(true));
    created.put("n", 1L);

    Cache<String, Long> opened = b.getCache("shared", String.class, Long.class);
    assertNotNull(opened, "a cache created through node A is found through node B at once");
    assertEquals(1L, opened.get("n"));
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, Long> config = opened.getConfiguration(CompleteConfiguration.class);
    assertTrue(config.isStatisticsEnabled(), "the creating client's settings are shared");
    opened.put("m", 2L);
    assertEquals(2L, created.get("m"));
    assertTrue(opened.replace("n", 1L, 10L));
    assertEquals(10L, created.get("n"));
  }

  @Test
  void listenerOnB_hearsWritesThroughA_withOldValues() throws Exception {
    String account = TestServer.freshAccount();
    Cache<String, String> writer = onA(account).createCache("events", new MutableConfiguration<>());
    RecordingListener listener = new RecordingListener();
    onB(account).<String, String>getCache("events").registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<String, String>(
            FactoryBuilder.factoryOf(listener), null, true, false));

    writer.put("k", "1");
    writer.put("k", "2");
    writer.remove("k");

    Polling.until(Duration.ofSeconds(10), () -> listener.events.size() == 3);
    assertEquals(List.of("CREATED k=1", "UPDATED k=2 old=1", "REMOVED k=2 old=2"), listener.events);
  }

  @Test
  void entryExpiringUntouched_isReportedOnB_withItsValue() throws Exception {
    String account = TestServer.freshAccount();
    Cache<String, String> cache = onA(account).createCache("ttl",
        new MutableConfiguration<String, String>().setExpiryPolicyFactory(
            CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 300))));
    RecordingListener listener = new RecordingListener();
    onB(account).<String, String>getCache("ttl").registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<String, String>(
            FactoryBuilder.factoryOf(listener), null, true, false));
    cache.put("k", "v");

    Polling.until(Duration.ofSeconds(10), () -> listener.events.contains("EXPIRED k=v old=v"));
    assertNull(cache.get("k"));
  }

  @Test
  void destroyOnA_reachesClientsOfB() {
    String account = TestServer.freshAccount();
    CacheManager a = onA(account);
    CacheManager b = onB(account);
    a.createCache("gone", new MutableConfiguration<String, String>()).put("k", "v");
    Cache<String, String> onB = b.getCache("gone");
    assertEquals("v", onB.get("k"));

    a.destroyCache("gone");

    CacheException e = assertThrows(CacheException.class, () -> onB.put("k", "v2"));
    assertTrue(e.getMessage().contains("'gone' does not exist"), e.getMessage());
    Cache<String, String> again = a.createCache("gone", new MutableConfiguration<>());
    assertNull(again.get("k"), "a cache created again starts empty");
    assertNull(b.<String, String>getCache("gone").get("k"));
  }

  @Test
  void entryProcessor_incrementsExactly_fromThreadsOnBothNodes() throws Exception {
    String account = TestServer.freshAccount();
    Cache<String, Long> onA = onA(account).createCache("counter",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    Cache<String, Long> onB = onB(account).getCache("counter", String.class, Long.class);
    int threadsPerNode = 4;
    int increments = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threadsPerNode * 2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threadsPerNode * 2; t++) {
        Cache<String, Long> cache = t % 2 == 0 ? onA : onB;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < increments; i++) {
            cache.invoke("n", (entry, args) -> {
              entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
              return null;
            });
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threadsPerNode * 2L * increments, onB.get("n"));
    assertEquals(threadsPerNode * 2L * increments, onA.get("n"));
  }
}
