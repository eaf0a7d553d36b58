package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.Serializable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events from other clients reach a listener on the change stream's thread, so a cache may be
 * closed while one is being delivered. The spec closes a {@code Closeable} listener with its cache;
 * it must then not be in use, nor be called again (a listener that reconnects to something when
 * called would otherwise leave a connection open behind a closed cache).
 */
@ExtendWith(CirrusServerExtension.class)
class ListenerCloseTest {

  /** Blocks in its first delivery until released; records whether it was closed mid-delivery. */
  public static final class SlowClosableListener
      implements CacheEntryCreatedListener<String, String>, Closeable, Serializable {
    private static final long serialVersionUID = 1L;
    static final CountDownLatch DELIVERING = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicInteger DELIVERIES = new AtomicInteger();
    static volatile boolean inDelivery;
    static volatile boolean closedMidDelivery;
    static volatile boolean closed;
    static volatile boolean calledAfterClose;

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      if (closed) {
        calledAfterClose = true;
      }
      inDelivery = true;
      DELIVERIES.incrementAndGet();
      DELIVERING.countDown();
      try {
        RELEASE.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inDelivery = false;
    }

    @Override
    public void close() {
      closedMidDelivery |= inDelivery;
      closed = true;
    }
  }

  @Test
  void closingTheCache_waitsForTheDeliveryUnderWay_andTheListenerIsNeverCalledAgain(
      TestServer server) throws Exception {
    String account = TestServer.freshAccount();
    Cache<String, String> listening = server.manager(account).createCache("events",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    listening.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new SlowClosableListener()), null, false, true));
    Cache<String, String> writing = server.manager(account).getCache("events", String.class, String.class);

    writing.put("k1", "v1");
    assertTrue(SlowClosableListener.DELIVERING.await(10, TimeUnit.SECONDS), "the event arrived");
    CompletableFuture<Void> closing = CompletableFuture.runAsync(listening::close);
    Thread.sleep(300);
    assertFalse(closing.isDone(), "close waits for the delivery under way");
    SlowClosableListener.RELEASE.countDown();
    closing.get(10, TimeUnit.SECONDS);

    assertTrue(SlowClosableListener.closed);
    assertFalse(SlowClosableListener.closedMidDelivery, "closed only once the delivery had ended");
    writing.put("k2", "v2");
    writing.put("k3", "v3");
    Thread.sleep(300);
    assertEquals(1, SlowClosableListener.DELIVERIES.get(), "no event after close");
    assertFalse(SlowClosableListener.calledAfterClose);
  }
}
