package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two clients (separate CacheManagers, separate connections) of one account share caches. */
@ExtendWith(CirrusServerExtension.class)
class SharedCacheTest {

  @Test
  void writeByOneClient_isReadByTheOther(TestServer server) {
    String account = TestServer.freshAccount();
    CacheManager a = server.manager(account);
    CacheManager b = server.manager(account);
    Cache<String, Long> created = a.createCache("shared",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class)
            .setStatisticsEnabled(true));
    created.put("n", 1L);

    Cache<String, Long> opened = b.getCache("shared", String.class, Long.class);
    assertNotNull(opened, "a cache created by another client is found by name");
    assertEquals(1L, opened.get("n"));
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, Long> config = opened.getConfiguration(CompleteConfiguration.class);
    assertTrue(config.isStatisticsEnabled(), "the creating client's settings are shared");
    assertThrows(ClassCastException.class, () -> b.getCache("shared", Long.class, Long.class));

    opened.remove("n");
    assertNull(created.get("n"));
  }

  @Test
  void accounts_areIsolated_evenWithTheSameCacheName(TestServer server) {
    CacheManager a = server.manager(TestServer.freshAccount());
    CacheManager b = server.manager(TestServer.freshAccount());
    a.createCache("same", new MutableConfiguration<String, String>()).put("k", "from a");
    assertNull(b.getCache("same"), "another account does not see the cache");
    Cache<String, String> theirs = b.createCache("same", new MutableConfiguration<>());
    assertNull(theirs.get("k"));
    theirs.put("k", "from b");
    assertEquals("from a", a.<String, String>getCache("same").get("k"));
  }

  @Test
  void listener_hearsAnotherClientsWrites(TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    CacheManager a = server.manager(account);
    CacheManager b = server.manager(account);
    Cache<String, String> listened = a.createCache("events", new MutableConfiguration<>());
    RecordingListener listener = new RecordingListener();
    listened.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<String, String>(
        FactoryBuilder.factoryOf(listener), null, true, false));

    Cache<String, String> writer = b.getCache("events");
    writer.put("k", "1");
    writer.put("k", "2");
    writer.remove("k");

    Polling.until(Duration.ofSeconds(5), () -> listener.events.size() == 3);
    assertEquals(List.of("CREATED k=1", "UPDATED k=2 old=1", "REMOVED k=2 old=2"),
        listener.events);
  }

  @Test
  void expiry_happensAtTheServer_withoutAnyClientTouchingTheEntry(TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    CacheManager a = server.manager(account);
    CacheManager b = server.manager(account);
    Cache<String, String> cache = a.createCache("ttl", new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.MILLISECONDS, 300))));
    RecordingListener listener = new RecordingListener();
    b.<String, String>getCache("ttl").registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<String, String>(
            FactoryBuilder.factoryOf(listener), null, true, false));
    cache.put("k", "v");

    Polling.until(Duration.ofSeconds(5), () -> listener.events.contains("EXPIRED k=v old=v"));
    assertNull(cache.get("k"));
  }

  @Test
  void entryProcessor_isAtomicAcrossThreadsAndClients(TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    CacheManager a = server.manager(account);
    CacheManager b = server.manager(account);
    Cache<String, Long> ca = a.createCache("counter",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    Cache<String, Long> cb = b.getCache("counter", String.class, Long.class);
    int threads = 8;
    int increments = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new CopyOnWriteArrayList<>();
      for (int t = 0; t < threads; t++) {
        Cache<String, Long> target = t % 2 == 0 ? ca : cb;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < increments; i++) {
            target.invoke("n", (entry, args) -> {
              entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
              return null;
            });
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals((long) threads * increments, ca.get("n"), "no increment is lost");
  }

  /** Records events as text, in arrival order. */
  static final class RecordingListener implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      CacheEntryExpiredListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final List<String> events = new CopyOnWriteArrayList<>();

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      for (CacheEntryEvent<? extends String, ? extends String> e : batch) {
        String text = e.getEventType() + " " + e.getKey() + "=" + e.getValue();
        if (e.getEventType() != EventType.CREATED && e.isOldValueAvailable()) {
          text += " old=" + e.getOldValue();
        }
        events.add(text);
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }
  }
}
