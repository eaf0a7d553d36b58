package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server that answers too slowly costs callers their deadline, not a pile-up of threads: every
 * call ends within the call timeout with an error that says so.
 */
@ExtendWith(CirrusServerExtension.class)
class SlowServerTest {

  @Test
  void slowServer_callsFailAtTheirDeadline_withoutPilingUpThreads(TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    server.manager(account).createCache("slow", new MutableConfiguration<String, String>());
    try (TcpProxy slow = new TcpProxy(server.server().port(), 1_500)) {
      Properties props = new Properties();
      props.setProperty("cirrus.token", server.token(account));
      props.setProperty("cirrus.call-timeout", "500ms");
      // Through the proxy only: the binary data path would go around it to the real server.
      props.setProperty("cirrus.data-path", "grpc");
      CacheManager manager = server.manager(URI.create("cirrus://127.0.0.1:" + slow.port()), props);
      int threadsBefore = Thread.activeCount();

      ExecutorService callers = Executors.newFixedThreadPool(16);
      try {
        List<Future<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          int n = i;
          calls.add(callers.submit(() -> {
            long start = System.nanoTime();
            try {
              Cache<String, String> cache = manager.getCache("slow");
              cache.get("k" + n);
              return -1L;
            } catch (CacheException e) {
              assertTrue(e.getMessage().contains("within 500 ms"), e.getMessage());
              return (System.nanoTime() - start) / 1_000_000;
            }
          }));
        }
        for (Future<Long> call : calls) {
          long millis = call.get();
          assertTrue(millis >= 0, "a call to the slow server succeeded");
          assertTrue(millis < 2_000, "a call took " + millis + " ms against a 500 ms timeout");
        }
      } finally {
        callers.shutdownNow();
      }
      assertTrue(Thread.activeCount() - threadsBefore < 40,
          "threads grew from " + threadsBefore + " to " + Thread.activeCount());
    }
  }
}
