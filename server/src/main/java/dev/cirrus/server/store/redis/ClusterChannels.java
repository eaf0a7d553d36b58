package dev.cirrus.server.store.redis;

import dev.cirrus.server.error.CirrusException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shard channels over a Redis Cluster: SSUBSCRIBE goes to the master that owns the channel's slot
 * (through Lettuce's connection to that node), and the node connections' messages are handed on
 * by the cluster connection. A slot that moves to another master takes its subscriptions with it
 * (Redis ends them on the old master): the handler is told, and a later subscription goes to the
 * new owner once the topology has been read again.
 */
final class ClusterChannels implements EventChannels {
  private final StatefulRedisClusterPubSubConnection<byte[], byte[]> connection;
  /** The connections that carry subscriptions: the cluster one and its nodes'. */
  private final Set<Object> carriers = ConcurrentHashMap.newKeySet();

  ClusterChannels(RedisClusterClient client, Handler handler) {
    connection = client.connectPubSub(ByteArrayCodec.INSTANCE);
    connection.setNodeMessagePropagation(true);
    carriers.add(connection);
    connection.addListener(new RedisClusterPubSubAdapter<>() {
      @Override
      public void smessage(RedisClusterNode node, byte[] channel, byte[] message) {
        handler.message(channel, message);
      }

      @Override
      public void sunsubscribed(RedisClusterNode node, byte[] channel, long count) {
        handler.ended(channel);
      }
    });
  }

  @Override
  public CompletableFuture<Void> subscribe(byte[] channel) {
    RedisClusterNode owner = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
    if (owner == null) {
      return CompletableFuture.failedFuture(CirrusException.unavailable(
          "no Redis master serves a slot of the cache now (the cluster is failing over);"
              + " subscribe again"));
    }
    return connection.getConnectionAsync(owner.getNodeId()).thenCompose(node -> {
      carriers.add(node);
      return node.async().ssubscribe(channel).toCompletableFuture();
    });
  }

  @Override
  public boolean carries(Object handler) {
    return carriers.contains(handler);
  }

  @Override
  public void close() {
    connection.close();
  }
}
