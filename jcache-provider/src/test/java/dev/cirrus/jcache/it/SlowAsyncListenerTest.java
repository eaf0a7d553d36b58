package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An asynchronous listener slower than the writes it hears cannot fill the heap: it may fall
 * 10,000 events behind, the events beyond are dropped with a warning, and the writer is never
 * held back.
 */
@ExtendWith(CirrusServerExtension.class)
class SlowAsyncListenerTest {

  /** Blocks on its first event until released, then counts. */
  public static final class StuckListener
      implements CacheEntryCreatedListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicInteger HEARD = new AtomicInteger();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      try {
        RELEASE.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      events.forEach(event -> HEARD.incrementAndGet());
    }
  }

  @Test
  void listenerFarBehind_dropsBeyondItsQueue_withAWarning_andTheWriterGoesOn(TestServer server)
      throws Exception {
    List<String> warnings = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel() == Level.WARNING) {
          synchronized (warnings) {
            warnings.add(record.getMessage());
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("dev.cirrus.jcache.internal.event.SerialExecutor");
    logger.addHandler(capture);
    try {
      Cache<String, String> cache = server.manager(TestServer.freshAccount()).createCache("c",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                  FactoryBuilder.factoryOf(new StuckListener()), null, false, false)));
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; i < 10_500; i++) {
        entries.put("k" + i, "v");
      }
      cache.putAll(entries); // returns although the listener has not finished its first event
      assertEquals(0, StuckListener.HEARD.get());

      StuckListener.RELEASE.countDown();
      int before = -1;
      while (StuckListener.HEARD.get() != before) {
        before = StuckListener.HEARD.get();
        Thread.sleep(500);
      }
      int heard = StuckListener.HEARD.get();
      assertTrue(heard >= 10_000 && heard <= 10_001, "the queue's 10,000 and the one in hand: "
          + heard);
      synchronized (warnings) {
        assertTrue(warnings.stream().anyMatch(w -> w.contains("dropped")), warnings.toString());
        assertTrue(warnings.size() <= 3, "warned at the 1st, 10th and 100th drop: " + warnings);
      }
    } finally {
      logger.removeHandler(capture);
    }
  }
}
