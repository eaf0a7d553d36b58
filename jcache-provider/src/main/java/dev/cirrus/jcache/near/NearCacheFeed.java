package dev.cirrus.jcache.near;

import dev.cirrus.jcache.client.CirrusClient;
import dev.cirrus.jcache.client.ResubscribingStream;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.SubscribeRequest;
import java.util.concurrent.ScheduledExecutorService;
import javax.cache.CacheException;

/**
 * Keeps a near cache coherent with the server: subscribes to the cache's change stream (keys and
 * versions only, with heartbeats at a third of the staleness bound), invalidates what changed,
 * and turns the near cache off while the stream is down.
 */
public final class NearCacheFeed {

  private final NearCache near;
  private final java.util.function.Function<com.google.protobuf.ByteString, Object> nearKey;
  private final ResubscribingStream stream;
  private final ScheduledExecutorService scheduler;
  private java.util.concurrent.ScheduledFuture<?> watchdog;

  /** @param nearKey the near cache's key for a key's bytes, as the cache computes it */
  public NearCacheFeed(
      CirrusClient client, String cacheName, NearCache near,
      java.util.function.Function<com.google.protobuf.ByteString, Object> nearKey,
      ScheduledExecutorService scheduler) {
    this.near = near;
    this.nearKey = nearKey;
    this.scheduler = scheduler;
    long heartbeat = Math.max(30, near.settings().staleness().toMillis() / 3);
    SubscribeRequest request = SubscribeRequest.newBuilder()
        .setCache(cacheName).setIncludeValues(false).setHeartbeatMillis(heartbeat).build();
    this.stream = new ResubscribingStream(client, request, new ResubscribingStream.Handler() {
      @Override
      public void onSubscribed() {
        near.streamConfirmed();
      }

      @Override
      public void onEvent(ChangeEvent event) {
        apply(event);
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

  private void apply(ChangeEvent event) {
    ChangeType type = event.getType();
    switch (type) {
      case CHANGE_TYPE_CREATED:
      case CHANGE_TYPE_UPDATED:
        near.invalidate(nearKey.apply(event.getKey()), event.getVersion(), true);
        break;
      case CHANGE_TYPE_REMOVED:
      case CHANGE_TYPE_EXPIRED:
        near.invalidate(nearKey.apply(event.getKey()), event.getVersion(), false);
        break;
      case CHANGE_TYPE_CLEARED:
      case CHANGE_TYPE_CACHE_DELETED:
        near.clear();
        break;
      default:
        break;
    }
    near.heard();
  }
}
