package dev.cirrus.server.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A connection to each master of the test cluster, to read who owns a slot and to move slots as
 * a resharding does; and the key layout behind a cache's name, to name its buckets' keys. A test
 * class registers it ({@code @RegisterExtension static}): it connects before the class's tests
 * and closes after them.
 */
final class ClusterSlots implements BeforeAllCallback, AfterAllCallback {
  private final EmbeddedRedisCluster redis;
  private final RedisClient admin = RedisClient.create();
  /** By port. */
  private final Map<Integer, StatefulRedisConnection<String, String>> masters =
      new LinkedHashMap<>();

  ClusterSlots(EmbeddedRedisCluster redis) {
    this.redis = redis;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
    for (int port : redis.masters()) {
      masters.put(port, admin.connect(StringCodec.UTF8, RedisURI.create("127.0.0.1", port)));
    }
  }

  /** The connection to each master, by port. */
  Map<Integer, StatefulRedisConnection<String, String>> masters() {
    return Collections.unmodifiableMap(masters);
  }

  /** The script calls (EVALSHA and EVAL) a master has run, from its {@code INFO commandstats}. */
  static long scriptCalls(String commandstats) {
    return stat(commandstats, "cmdstat_evalsha", "calls")
        + stat(commandstats, "cmdstat_eval", "calls");
  }

  /**
   * The MGETs (plain reads) sent to a master, from its {@code INFO commandstats}: those it ran and
   * those it refused before running them (a slot not its own: MOVED).
   */
  static long mgets(String commandstats) {
    return stat(commandstats, "cmdstat_mget", "calls")
        + stat(commandstats, "cmdstat_mget", "rejected_calls");
  }

  /** How many {@code command}s ({@code cmdstat_...}) a master refused before running them. */
  static long rejected(String commandstats, String command) {
    return stat(commandstats, command, "rejected_calls");
  }

  /**
   * One figure of a command's line in {@code INFO commandstats}
   * ({@code cmdstat_get:calls=3,usec=...,rejected_calls=0,...}), 0 when the command has none.
   */
  private static long stat(String commandstats, String command, String figure) {
    for (String line : commandstats.split("\\r?\\n")) {
      if (line.startsWith(command + ":")) {
        for (String pair : line.substring(command.length() + 1).strip().split(",")) {
          if (pair.startsWith(figure + "=")) {
            return Long.parseLong(pair.substring(figure.length() + 1));
          }
        }
      }
    }
    return 0;
  }

  /**
   * The master of {@code slot} once every master says the same (within 10 s): right after a move,
   * or a gossiped change of epochs, a master may still name another, and a move started from one
   * master's stale view is refused by the node it names.
   */
  RedisClusterNode ownerOf(int slot) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      Map<String, RedisClusterNode> views = new LinkedHashMap<>();
      masters.forEach((port, connection) -> {
        RedisClusterNode owner =
            ClusterPartitionParser.parse(connection.sync().clusterNodes()).getMasterBySlot(slot);
        views.put(port + " says " + (owner == null ? "none" : owner.getUri().getPort()), owner);
      });
      RedisClusterNode first = views.values().iterator().next();
      if (first != null && views.values().stream()
          .allMatch(o -> o != null && o.getNodeId().equals(first.getNodeId()))) {
        return first;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the masters do not agree who owns slot " + slot + ": "
            + views.keySet());
      }
      pause(50);
    }
  }

  /** The key layout of {@code cache} in the test account, its incarnation read from the registry. */
  BucketKeys keysOf(String cache) {
    byte[] registry = BucketKeys.registry(CirrusServerExtension.ACCOUNT);
    int port = ownerOf(SlotHash.getSlot(registry)).getUri().getPort();
    try (StatefulRedisConnection<byte[], byte[]> node =
        admin.connect(ByteArrayCodec.INSTANCE, RedisURI.create("127.0.0.1", port))) {
      return new BucketKeys(CacheRecord.decode(
          node.sync().hget(registry, cache.getBytes(StandardCharsets.UTF_8))).incarnation());
    }
  }

  /** The slot of the bucket that holds {@code key} in {@code cache}. */
  int slotOf(String cache, String key) {
    return keysOf(cache).slot(BucketKeys.bucketOf(CirrusServerExtension.bytes(key)));
  }

  /** Moves {@code slot} to another master than its owner; answers the port of the owner it had. */
  int move(int slot) {
    int fromPort = ownerOf(slot).getUri().getPort();
    int toPort = masters.keySet().stream().filter(p -> p != fromPort).findFirst().orElseThrow();
    move(slot, toPort);
    return fromPort;
  }

  /**
   * Moves {@code slot} with its keys from its master to the master at {@code toPort}, as a
   * resharding does: importing and migrating, MIGRATE of its keys, then the new owner told to
   * every master.
   */
  void move(int slot, int toPort) {
    RedisClusterNode from = ownerOf(slot);
    int fromPort = from.getUri().getPort();
    if (fromPort == toPort) {
      return;
    }
    RedisCommands<String, String> source = masters.get(fromPort).sync();
    RedisCommands<String, String> target = masters.get(toPort).sync();
    String toId = target.clusterMyId();
    target.clusterSetSlotImporting(slot, from.getNodeId());
    source.clusterSetSlotMigrating(slot, toId);
    List<String> moving;
    while (!(moving = source.clusterGetKeysInSlot(slot, 100)).isEmpty()) {
      source.migrate("127.0.0.1", toPort, 0, 5_000, MigrateArgs.Builder.keys(moving));
    }
    target.clusterSetSlotNode(slot, toId);
    source.clusterSetSlotNode(slot, toId);
    masters.forEach((port, connection) -> {
      if (port != fromPort && port != toPort) {
        connection.sync().clusterSetSlotNode(slot, toId);
      }
    });
    settle(slot, toPort, toId);
    assertEquals(toPort, ownerOf(slot).getUri().getPort(), "slot " + slot + " moved");
  }

  /**
   * Tells {@code toId} as the slot's owner again to each master that names another, until all
   * agree in two readings 100 ms apart (within 10 s). SETSLOT is not agreed by the cluster: a
   * gossip message sent before it by the old owner, with a config epoch raised meanwhile (two
   * masters on one epoch: one of them takes a new one), can take the slot back from the new owner
   * after the old one gave it away; each then names the other, neither claims the slot, and no
   * later gossip mends that.
   */
  private void settle(int slot, int toPort, String toId) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    int agreements = 0;
    while (agreements < 2 && System.nanoTime() < deadline) {
      boolean agreed = true;
      for (var master : masters.values()) {
        RedisClusterNode owner =
            ClusterPartitionParser.parse(master.sync().clusterNodes()).getMasterBySlot(slot);
        agreed &= owner != null && owner.getNodeId().equals(toId);
      }
      agreements = agreed ? agreements + 1 : 0;
      if (!agreed) {
        masters.get(toPort).sync().clusterSetSlotNode(slot, toId);
        masters.forEach((port, connection) -> {
          if (port != toPort) {
            connection.sync().clusterSetSlotNode(slot, toId);
          }
        });
      }
      pause(100);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while moving a slot", e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    masters.values().forEach(StatefulRedisConnection::close);
    admin.shutdown();
  }
}
