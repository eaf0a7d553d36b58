package dev.cirrus.server.store.redis;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A slot moved to another master (resharding) takes the old master's subscriptions to its shard
 * channels with it: Redis ends them unasked, and nothing published on the slot reaches the node
 * from then on. The streams of the cache whose bucket channel it was end with UNAVAILABLE
 * ("changes may have been missed") rather than go quiet for that bucket, streams of other caches
 * go on, and a stream opened afterwards subscribes at the new owner and hears the bucket again.
 */
class RedisSlotMoveStreamTest {
  private static final EmbeddedRedisCluster REDIS = EmbeddedRedisCluster.shared();

  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.redisStore(REDIS.target()));

  @RegisterExtension
  static final ClusterSlots slots = new ClusterSlots(REDIS);

  @Test
  void aMovedSlot_endsItsCachesStreams_unavailable_andANewStreamHearsTheMovedBucket()
      throws Exception {
    String cache = server.newCache();
    String key = "moving";
    int slot = slots.slotOf(cache, key);
    // A cache's buckets sit on slots its incarnation picks; now and then another cache shares
    // the moved one, so the bystander is the first new cache that does not.
    String bystander = null;
    for (int attempt = 0; attempt < 20 && bystander == null; attempt++) {
      String candidate = server.newCache();
      if (!onSlot(slots.keysOf(candidate), slot)) {
        bystander = candidate;
      }
    }
    assertNotNull(bystander, "a cache with no bucket on the moved slot");
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(), all(cache));
        EventRecorder others = EventRecorder.subscribe(server.dataAsync(), all(bystander))) {
      set(server.data(), cache, write(key, "v1"));
      assertEquals(bytes(key), events.nextChange().getKey(), "the bucket is heard before the move");

      long start = System.nanoTime();
      int from = slots.move(slot);
      try {
        assertNotEquals(from, slots.ownerOf(slot).getUri().getPort());
        // Bounded: EventRecorder waits 5 s at most.
        assertTrue(events.awaitEnd(), "the stream ends when a slot of its cache moves");
        System.out.printf("stream ended %d ms after the slot move began%n",
            (System.nanoTime() - start) / 1_000_000);
        StatusRuntimeException error = (StatusRuntimeException) events.error();
        assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("changes may have been missed"),
            error.getStatus().getDescription());

        set(server.data(), bystander, write("other", "v"));
        assertEquals(bytes("other"), others.nextChange().getKey(),
            "a cache with no bucket on the moved slot keeps its stream");

        try (EventRecorder again = EventRecorder.subscribe(server.dataAsync(), all(cache))) {
          set(server.data(), cache, write(key, "v2"));
          ChangeEvent heard = again.nextChange();
          assertEquals(bytes(key), heard.getKey(), "the moved bucket is heard at its new owner");
          assertEquals(ChangeType.CHANGE_TYPE_UPDATED, heard.getType());
          assertEquals(bytes("v1"), heard.getOldValue());
        }
      } finally {
        // The cluster serves every test class of this JVM.
        slots.move(slot, from);
      }
    }
  }

  private static SubscribeRequest all(String cache) {
    return SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build();
  }

  private static boolean onSlot(BucketKeys keys, int slot) {
    for (int b = 0; b < BucketKeys.BUCKETS; b++) {
      if (keys.slot(b) == slot) {
        return true;
      }
    }
    return false;
  }
}
