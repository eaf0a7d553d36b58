package dev.cirrus.server.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;

/** Shard channels on a plain (non-cluster) Redis: one connection holds every subscription. */
final class StandaloneChannels implements EventChannels {
  private final StatefulRedisPubSubConnection<byte[], byte[]> connection;

  StandaloneChannels(RedisClient client, Handler handler) {
    connection = client.connectPubSub(ByteArrayCodec.INSTANCE);
    connection.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void smessage(byte[] channel, byte[] message) {
        handler.message(channel, message);
      }

      @Override
      public void sunsubscribed(byte[] channel, long count) {
        handler.ended(channel);
      }
    });
  }

  @Override
  public CompletableFuture<Void> subscribe(byte[] channel) {
    return connection.async().ssubscribe(channel).toCompletableFuture();
  }

  @Override
  public boolean carries(Object handler) {
    return handler == connection;
  }

  @Override
  public void close() {
    connection.close();
  }
}
