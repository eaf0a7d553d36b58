package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.CirrusCachingProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The server is killed (SIGKILL) and started again on the same port under running clients: calls
 * fail fast meanwhile with an error naming the server, and the clients recover by themselves —
 * caches re-created, listeners resubscribed — with no thread left behind after close.
 */
class ServerRestartTest {

  @Test
  void killedAndRestartedServer_clientsRecoverByThemselves() throws Exception {
    Path dataDir = Files.createTempDirectory("cirrus-kill");
    int port = ServerProcess.freePort();
    Set<String> threadsBefore = cirrusThreads();
    CirrusCachingProvider readerProvider = new CirrusCachingProvider();
    CirrusCachingProvider writerProvider = new CirrusCachingProvider();
    try (ServerProcess server = new ServerProcess(dataDir, port)) {
      server.start();
      Properties props = new Properties();
      props.setProperty("cirrus.token", server.token());
      props.setProperty("cirrus.call-timeout", "2s");
      URI uri = URI.create(server.endpoint());
      awaitAnswering(uri, props); // a new server JVM's first answers can take seconds on a loaded machine
      CacheManager reader = readerProvider.getCacheManager(uri, getClass().getClassLoader(), props);
      CacheManager writer = writerProvider.getCacheManager(uri, getClass().getClassLoader(), props);
      Cache<String, String> cache = reader.createCache("orders", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      SharedCacheTest.RecordingListener listener = new SharedCacheTest.RecordingListener();
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<String, String>(
          FactoryBuilder.factoryOf(listener), null, true, false));
      cache.put("k", "before");

      server.kill();
      long failStart = System.nanoTime();
      CacheException down = assertThrows(CacheException.class, () -> cache.get("k"));
      long failMillis = (System.nanoTime() - failStart) / 1_000_000;
      assertTrue(down.getMessage().contains(server.endpoint()), down.getMessage());
      assertTrue(failMillis < 3_000, "failed after " + failMillis + " ms, beyond the 2 s deadline");

      server.start();
      // "Back" is when the server answers a client that never saw it go: from then on, the time
      // to recover is the old client's own (reconnecting, re-creating the cache), not the new
      // server JVM's warm-up, which on a loaded machine alone can take seconds.
      awaitAnswering(uri, props);
      long back = System.nanoTime();
      Polling.until(Duration.ofSeconds(5), () -> {
        try {
          cache.put("k", "after"); // the restarted server has no caches: the client re-creates it
          return true;
        } catch (CacheException e) {
          return false;
        }
      });
      long recoveredMillis = (System.nanoTime() - back) / 1_000_000;
      // Without its own reconnect the client would wait out gRPC's connect backoff (up to two
      // minutes); the bound leaves room for a loaded 2-core machine, not for that backoff.
      assertTrue(recoveredMillis < 3_000, "recovered " + recoveredMillis + " ms after the server was back");
      assertEquals("after", cache.get("k"));

      // Changes made while the listener's stream is being reopened are not replayed, so keep
      // writing until one arrives: the listener is subscribed again.
      Cache<String, String> other = writer.getCache("orders", String.class, String.class);
      int[] n = {0};
      Polling.until(Duration.ofSeconds(5), () -> {
        other.put("remote" + n[0]++, "hello");
        return listener.events.stream().anyMatch(e -> e.startsWith("CREATED remote"));
      });
    } finally {
      readerProvider.close();
      writerProvider.close();
    }
    Polling.until(Duration.ofSeconds(5), () -> cirrusThreads().equals(threadsBefore));
  }

  /** Returns once a client that never saw the server before gets an answer from it. */
  private void awaitAnswering(URI uri, Properties props) throws InterruptedException {
    CirrusCachingProvider probeProvider = new CirrusCachingProvider();
    try {
      CacheManager probe = probeProvider.getCacheManager(uri, getClass().getClassLoader(), props);
      Polling.until(Duration.ofSeconds(20), () -> {
        try {
          probe.getCacheNames();
          return true;
        } catch (CacheException e) {
          return false;
        }
      });
    } finally {
      probeProvider.close();
    }
  }

  private static Set<String> cirrusThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("cirrus-"))
        .collect(Collectors.toSet());
  }
}
