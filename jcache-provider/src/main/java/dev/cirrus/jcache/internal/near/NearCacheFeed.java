package dev.cirrus.jcache.internal.near;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CacheChange;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ResubscribingStream;
import dev.cirrus.jcache.internal.client.Subscription;
import java.util.concurrent.ScheduledExecutorService;
import javax.cache.CacheException;

/**
 * Keeps a near cache coherent with the server: subscribes to the cache's change stream (keys and
 * versions only, with heartbeats at a third of the staleness bound), invalidates what changed,
 * and turns the near cache off while the stream is down.
 */
public final class NearCacheFeed {

  private final NearCache near;
  private final java.util.function.Function<ByteString, Object> nearKey;
  private final ResubscribingStream stream;
  private final ScheduledExecutorService scheduler;
  private java.util.concurrent.ScheduledFuture<?> watchdog;

  /** @param nearKey the near cache's key for a key's bytes, as the cache computes it */
  public NearCacheFeed(
      CirrusClient client, String cacheName, NearCache near,
      java.util.function.Function<ByteString, Object> nearKey,
      ScheduledExecutorService scheduler) {
    this.near = near;
    this.nearKey = nearKey;
    this.scheduler = scheduler;
    long heartbeat = Math.max(30, near.settings().staleness().toMillis() / 3);
    Subscription subscription = new Subscription(cacheName, false, heartbeat);
    this.stream = new ResubscribingStream(client, subscription, new ResubscribingStream.Handler() {
      @Override
      public void onSubscribed() {
        near.streamConfirmed();
      }

      @Override
      public void onEvent(CacheChange change) {
        apply(change);
      }

      @Override
      public void onLost(CacheException failure) {
        near.streamLost();
      }
    }, scheduler);
  }

  /** Starts listening; the near cache serves once the server confirmed the stream. */
  public void start() {
    stream.start();
    long every = Math.max(10, near.settings().staleness().toMillis() / 10);
    watchdog = scheduler.scheduleWithFixedDelay(near::checkStaleness, every, every,
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public void stop() {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    stream.stop();
    near.streamLost();
  }

  private void apply(CacheChange change) {
    switch (change.type()) {
      case CREATED:
      case UPDATED:
        near.invalidate(nearKey.apply(change.key()), change.version(), true);
        break;
      case REMOVED:
      case EXPIRED:
        near.invalidate(nearKey.apply(change.key()), change.version(), false);
        break;
      case CLEARED:
      case CACHE_DELETED:
        near.clear();
        break;
      default:
        break;
    }
    near.heard();
  }
}
