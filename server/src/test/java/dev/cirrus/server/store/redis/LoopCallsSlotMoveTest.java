package dev.cirrus.server.store.redis;

import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SetResponse;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.fastpath.RawDataConnection;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.Requests;
import dev.cirrus.wire.V1Method;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data path's calls, sent by its event loops on their own connections to the masters, stay
 * right when a slot moves between the node's last read of the topology and the call: the master
 * that lost the slot refuses the command before running it (MOVED), and it goes again through
 * Lettuce, which follows the slot; a conditional write so sent again applies once. Refusals are
 * counted by Redis itself ({@code INFO commandstats}).
 */
class LoopCallsSlotMoveTest {
  private static final EmbeddedRedisCluster REDIS = EmbeddedRedisCluster.shared();
  private static final int ROUNDS = 3;

  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.redisStore(REDIS.target()));

  @RegisterExtension
  static final ClusterSlots slots = new ClusterSlots(REDIS);

  @Test
  void aMovedSlot_costsNoCall_andAConditionalWriteAppliesOnce() throws Exception {
    String cache = server.newCache();
    String key = "moving-key";
    try (RawDataConnection data = RawDataConnection.greeted(server.server().dataPort(),
        server.defaultToken(), CLIENT_ID)) {
      WriteResult written = put(data, cache, key, "v0", 0);
      // The loop's connections open on its first calls; these make sure they are up.
      for (int i = 0; i < 20; i++) {
        get(data, cache, key);
      }
      int slot = slots.slotOf(cache, key);
      long version = written.getVersion();
      int detours = 0;
      for (int round = 1; round <= ROUNDS; round++) {
        Map<Integer, Long> refusedBefore = refused();
        slots.move(slot);
        ReadResult read = get(data, cache, key);
        assertEquals(bytes("v" + (round - 1)), read.getValue(), "read after move " + round);
        assertEquals(version, read.getVersion());
        slots.move(slot);
        WriteResult write = put(data, cache, key, "v" + round, version);
        assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, write.getOutcome(),
            "the write conditional on version " + version + " in round " + round);
        assertTrue(write.getVersion() > version);
        version = write.getVersion();
        ReadResult after = get(data, cache, key);
        assertEquals(bytes("v" + round), after.getValue());
        assertEquals(version, after.getVersion(), "applied once");
        detours += refused().entrySet().stream()
            .anyMatch(e -> e.getValue() > refusedBefore.getOrDefault(e.getKey(), 0L)) ? 1 : 0;
      }
      System.out.printf("rounds that met a slot moved since the topology was read: %d of %d%n",
          detours, ROUNDS);
      // Each move is done within milliseconds; the node's topology read every 5 s could come
      // between a move and its call, rarely in every round.
      assertTrue(detours > 0, "no call met a moved slot: the refusal and its detour went untested");
    }
  }

  /** MGETs and script calls each master refused before running them, by port. */
  private static Map<Integer, Long> refused() {
    Map<Integer, Long> refused = new HashMap<>();
    slots.masters().forEach((port, connection) -> {
      String stats = connection.sync().info("commandstats");
      refused.put(port, ClusterSlots.rejected(stats, "cmdstat_mget")
          + ClusterSlots.rejected(stats, "cmdstat_evalsha"));
    });
    return refused;
  }

  private static ReadResult get(RawDataConnection data, String cache, String key)
      throws Exception {
    data.request(V1Method.GET.number(),
        GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build());
    return GetResponse.parseFrom(RawDataConnection.ok(data.read())).getResult();
  }

  /** Puts {@code value}; with a non-zero {@code version}, only over an entry of that version. */
  private static WriteResult put(RawDataConnection data, String cache, String key, String value,
      long version) throws Exception {
    var write = Requests.write(key, value);
    if (version != 0) {
      write.setCondition(SetCondition.SET_CONDITION_VERSION_EQUALS).setExpectedVersion(version);
    }
    data.request(V1Method.SET.number(),
        SetRequest.newBuilder().setCache(cache).setWrite(write).build());
    return SetResponse.parseFrom(RawDataConnection.ok(data.read())).getResult();
  }
}
