package dev.cirrus.jcache.internal.event;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * One registered listener: its configuration, the listener and filter made from its factories, and
 * for an asynchronous listener the serial executor that keeps its events in order.
 *
 * <p>Closing waits for deliveries under way and drops later ones: events from the change stream
 * arrive on other threads, and a listener that reconnects to something when called (as resources
 * a {@code Closeable} listener holds often do) must not be called again once it was closed.
 */
final class ListenerRegistration<K, V> {

  /** How long closing waits for a delivery under way. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final Executor serial;
  /** Deliveries hold it shared; closing takes it exclusively to wait for them. */
  private final ReentrantReadWriteLock delivering = new ReentrantReadWriteLock();
  private volatile boolean closed;

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Executor serial) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
        configuration.getCacheEntryListenerFactory();
    if (listenerFactory == null) {
      throw new IllegalArgumentException("CacheEntryListenerConfiguration has no listener factory;"
          + " set one with MutableCacheEntryListenerConfiguration");
    }
    this.listener = listenerFactory.create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    this.serial = serial;
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean synchronous() {
    return configuration.isSynchronous();
  }

  /** Delivers the events: now for a synchronous listener, else queued in order. */
  void deliver(List<CirrusEntryEvent<K, V>> events) {
    if (configuration.isSynchronous()) {
      deliverNow(events);
    } else {
      serial.execute(() -> {
        try {
          deliverNow(events);
        } catch (RuntimeException e) {
          // An asynchronous listener's failure cannot reach the writer; it must not stop the
          // delivery of later events either.
          java.util.logging.Logger.getLogger(ListenerRegistration.class.getName())
              .log(java.util.logging.Level.WARNING, "Cache entry listener " + listener + " failed", e);
        }
      });
    }
  }

  private void deliverNow(List<CirrusEntryEvent<K, V>> events) {
    delivering.readLock().lock();
    try {
      if (!closed) {
        deliverEach(events);
      }
    } finally {
      delivering.readLock().unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private void deliverEach(List<CirrusEntryEvent<K, V>> events) {
    for (CirrusEntryEvent<K, V> event : events) {
      if (filter != null && !filter.evaluate(event)) {
        continue;
      }
      List<CirrusEntryEvent<K, V>> one = List.of(event);
      try {
        switch (event.getEventType()) {
          case CREATED:
            if (listener instanceof CacheEntryCreatedListener) {
              ((CacheEntryCreatedListener<K, V>) listener).onCreated((Iterable) one);
            }
            break;
          case UPDATED:
            if (listener instanceof CacheEntryUpdatedListener) {
              ((CacheEntryUpdatedListener<K, V>) listener).onUpdated((Iterable) one);
            }
            break;
          case REMOVED:
            if (listener instanceof CacheEntryRemovedListener) {
              ((CacheEntryRemovedListener<K, V>) listener).onRemoved((Iterable) one);
            }
            break;
          case EXPIRED:
            if (listener instanceof CacheEntryExpiredListener) {
              ((CacheEntryExpiredListener<K, V>) listener).onExpired((Iterable) one);
            }
            break;
          default:
            break;
        }
      } catch (CacheEntryListenerException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new CacheEntryListenerException("Cache entry listener " + listener.getClass().getName()
            + " failed on " + event.getEventType() + " of key " + event.getKey() + ": " + e, e);
      }
    }
  }

  /**
   * Closes the listener and filter if they hold resources, as the spec asks on cache close, once
   * the deliveries under way have ended (at most {@link #CLOSE_WAIT}: a listener that hangs must not
   * hang the close; nor can a listener that closes its own cache wait for itself).
   */
  void close(List<Throwable> failures) {
    closed = true;
    boolean waited = false;
    if (delivering.getReadHoldCount() == 0) {
      try {
        waited = delivering.writeLock().tryLock(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      closeResources(failures);
    } finally {
      if (waited) {
        delivering.writeLock().unlock();
      }
    }
  }

  private void closeResources(List<Throwable> failures) {
    for (Object o : new Object[] {listener, filter}) {
      if (o instanceof Closeable c) {
        try {
          c.close();
        } catch (IOException | RuntimeException e) {
          failures.add(e);
        }
      }
    }
  }
}
