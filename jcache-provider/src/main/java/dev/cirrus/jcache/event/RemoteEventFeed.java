package dev.cirrus.jcache.event;

import dev.cirrus.jcache.client.ChangeStream;
import dev.cirrus.jcache.client.CirrusClient;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.SubscribeRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * Brings other clients' changes (and server-side expiry) to this cache's listeners over the
 * server's change stream. Opened when the first listener registers, closed with the last one; a
 * broken stream is reopened with a growing pause, and while it is down listeners miss remote events
 * (logged once per outage).
 *
 * <p>Concurrency: {@code stream}, {@code open} and {@code attempt} are guarded by {@code this}.
 */
public final class RemoteEventFeed<K, V> {

  private static final Logger LOG = Logger.getLogger(RemoteEventFeed.class.getName());
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

  private final CirrusClient client;
  private final String cacheName;
  private final Function<ChangeEvent, CirrusEntryEvent<K, V>> converter;
  private final EventDispatcher<K, V> dispatcher;
  private final ScheduledExecutorService scheduler;
  private ChangeStream stream;
  private boolean open;
  private int attempt;

  public RemoteEventFeed(
      CirrusClient client,
      String cacheName,
      Function<ChangeEvent, CirrusEntryEvent<K, V>> converter,
      EventDispatcher<K, V> dispatcher,
      ScheduledExecutorService scheduler) {
    this.client = Objects.requireNonNull(client, "client");
    this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
    this.converter = Objects.requireNonNull(converter, "converter");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /** Opens the stream if it is not open and waits until the server confirmed it. */
  public void start() {
    ChangeStream s;
    synchronized (this) {
      if (open) {
        return;
      }
      open = true;
      attempt = 0;
      s = subscribe();
    }
    try {
      s.awaitSubscribed(SUBSCRIBE_TIMEOUT);
    } catch (CacheException e) {
      stop();
      throw e;
    }
  }

  public synchronized void stop() {
    open = false;
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  private ChangeStream subscribe() {
    SubscribeRequest request = SubscribeRequest.newBuilder()
        .setCache(cacheName).setIncludeValues(true).build();
    ChangeStream[] self = new ChangeStream[1];
    self[0] = client.subscribe(request, new ChangeStream.Listener() {
      @Override
      public void onEvent(ChangeEvent event) {
        deliver(event);
      }

      @Override
      public void onClosed(CacheException failure) {
        reopenLater(self[0], failure);
      }
    });
    stream = self[0];
    return stream;
  }

  private void deliver(ChangeEvent event) {
    switch (event.getType()) {
      case CHANGE_TYPE_CREATED:
      case CHANGE_TYPE_UPDATED:
      case CHANGE_TYPE_REMOVED:
      case CHANGE_TYPE_EXPIRED:
        break;
      case CHANGE_TYPE_SUBSCRIBED:
        synchronized (this) {
          attempt = 0;
        }
        return;
      default:
        return;
    }
    if (client.clientId().equals(event.getWriterClientId())) {
      return; // this client's own change: its listeners heard it when the call returned
    }
    try {
      dispatcher.dispatch(converter.apply(event));
    } catch (RuntimeException e) {
      // Nobody waits on a remote event's delivery, so a failing listener can only be logged.
      LOG.log(Level.WARNING, "Listener of cache '" + cacheName + "' failed on a remote "
          + event.getType() + " event", e);
    }
  }

  private void reopenLater(ChangeStream ended, CacheException failure) {
    long delayMillis;
    synchronized (this) {
      if (!open || stream != ended) {
        return;
      }
      stream = null;
      attempt++;
      delayMillis = Math.min(5_000, 50L << Math.min(attempt, 7));
      if (attempt == 1 && failure != null) {
        LOG.warning("Change stream of cache '" + cacheName + "' broke (" + failure.getMessage()
            + "); listeners miss other clients' changes until it is back");
      }
    }
    try {
      scheduler.schedule(this::reopen, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the CacheManager is closing
    }
  }

  private synchronized void reopen() {
    if (open && stream == null) {
      subscribe();
    }
  }

  static boolean isEntryChange(ChangeType type) {
    return type == ChangeType.CHANGE_TYPE_CREATED || type == ChangeType.CHANGE_TYPE_UPDATED
        || type == ChangeType.CHANGE_TYPE_REMOVED || type == ChangeType.CHANGE_TYPE_EXPIRED;
  }
}
