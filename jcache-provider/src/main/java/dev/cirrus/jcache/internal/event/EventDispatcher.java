package dev.cirrus.jcache.internal.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;

/**
 * The listeners of one cache and the delivery of events to them. Synchronous listeners run in the
 * calling thread before the cache operation returns; a failure of one is thrown to the caller as a
 * {@link CacheEntryListenerException} after every listener had its turn. Asynchronous listeners
 * run on {@code asyncExecutor}, each in event order.
 *
 * <p>No lock is held while listener code runs: registrations live in a copy-on-write list.
 */
public final class EventDispatcher<K, V> {

  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final Executor asyncExecutor;

  public EventDispatcher(Executor asyncExecutor) {
    this.asyncExecutor = asyncExecutor;
  }

  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> r : registrations) {
      if (r.configuration().equals(configuration)) {
        throw new IllegalArgumentException("This cache entry listener configuration is already"
            + " registered; deregister it first or register a different configuration");
      }
    }
    registrations.add(new ListenerRegistration<>(configuration, new SerialExecutor(asyncExecutor,
        String.valueOf(configuration.getCacheEntryListenerFactory()))));
  }

  /** Removes the registration; returns whether there was one. */
  public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> r : registrations) {
      if (r.configuration().equals(configuration)) {
        registrations.remove(r);
        List<Throwable> ignored = new ArrayList<>();
        r.close(ignored);
        return true;
      }
    }
    return false;
  }

  public void dispatch(CirrusEntryEvent<K, V> event) {
    dispatch(List.of(event));
  }

  public void dispatch(List<CirrusEntryEvent<K, V>> events) {
    if (events.isEmpty()) {
      return;
    }
    CacheEntryListenerException failure = null;
    for (ListenerRegistration<K, V> r : registrations) {
      try {
        r.deliver(events);
      } catch (CacheEntryListenerException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  public void close(List<Throwable> failures) {
    for (ListenerRegistration<K, V> r : registrations) {
      r.close(failures);
    }
    registrations.clear();
  }
}
