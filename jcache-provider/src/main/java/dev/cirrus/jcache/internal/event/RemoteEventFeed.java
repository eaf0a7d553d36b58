package dev.cirrus.jcache.internal.event;

import dev.cirrus.jcache.internal.client.CacheChange;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ResubscribingStream;
import dev.cirrus.jcache.internal.client.Subscription;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;

/**
 * Brings other clients' changes (and server-side expiry) to this cache's listeners over the
 * server's change stream. Opened when the first listener registers, closed with the last one; a
 * broken stream is reopened, and while it is down listeners miss remote events (logged once per
 * outage).
 */
public final class RemoteEventFeed<K, V> {

  private static final Logger LOG = Logger.getLogger(RemoteEventFeed.class.getName());
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

  private final String cacheName;
  private final String clientId;
  private final Function<CacheChange, CirrusEntryEvent<K, V>> converter;
  private final EventDispatcher<K, V> dispatcher;
  private final ResubscribingStream stream;
  private final AtomicBoolean outageLogged = new AtomicBoolean();

  public RemoteEventFeed(
      CirrusClient client,
      String cacheName,
      Function<CacheChange, CirrusEntryEvent<K, V>> converter,
      EventDispatcher<K, V> dispatcher,
      ScheduledExecutorService scheduler) {
    this.cacheName = cacheName;
    this.clientId = client.clientId();
    this.converter = converter;
    this.dispatcher = dispatcher;
    // Listeners are handed values. No heartbeats: nothing here depends on hearing a quiet stream.
    Subscription subscription = new Subscription(cacheName, true, 0);
    this.stream = new ResubscribingStream(client, subscription, new ResubscribingStream.Handler() {
      @Override
      public void onSubscribed() {
        outageLogged.set(false);
      }

      @Override
      public void onEvent(CacheChange change) {
        deliver(change);
      }

      @Override
      public void onLost(CacheException failure) {
        if (failure != null && outageLogged.compareAndSet(false, true)) {
          LOG.warning("Change stream of cache '" + cacheName + "' broke (" + failure.getMessage()
              + "); listeners miss other clients' changes until it is back");
        }
      }
    }, scheduler);
  }

  /** Opens the stream if it is not open and waits until the server confirmed it. */
  public void start() {
    stream.startAndAwait(SUBSCRIBE_TIMEOUT);
  }

  public void stop() {
    stream.stop();
  }

  private void deliver(CacheChange change) {
    if (!change.type().ofEntry()) {
      return;
    }
    if (clientId.equals(change.writerClientId())) {
      return; // this client's own change: its listeners heard it when the call returned
    }
    try {
      dispatcher.dispatch(converter.apply(change));
    } catch (RuntimeException e) {
      // Nobody waits on a remote event's delivery, so a failing listener can only be logged.
      LOG.log(Level.WARNING, "Listener of cache '" + cacheName + "' failed on a remote "
          + change.type() + " event", e);
    }
  }
}
