package dev.cirrus.server.store;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import dev.cirrus.server.testing.PlainRedis;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store on one plain (non-cluster) Redis: the same calls, versions and change stream. */
class PlainRedisStoreTest {
  private static final EmbeddedRedisCluster REDIS = PlainRedis.start();

  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.redisStore(REDIS.target()));

  @AfterAll
  static void stopRedis() {
    REDIS.stop();
  }

  @Test
  void setGetScanAndStream_onAPlainRedis() {
    String cache = server.newCache();
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      WriteResult first = server.data().set(SetRequest.newBuilder().setCache(cache)
          .setWrite(Write.newBuilder().setKey(bytes("k")).setValue(bytes("v1"))).build()).getResult();
      WriteResult second = server.data().set(SetRequest.newBuilder().setCache(cache)
          .setWrite(Write.newBuilder().setKey(bytes("k")).setValue(bytes("v2"))).build()).getResult();
      ReadResult read = server.data().get(
          GetRequest.newBuilder().setCache(cache).setKey(bytes("k")).build()).getResult();

      assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED, first.getOutcome());
      assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, second.getOutcome());
      assertTrue(second.getVersion() > first.getVersion());
      assertEquals(bytes("v2"), read.getValue());
      ChangeEvent created = events.nextChange();
      ChangeEvent updated = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, created.getType());
      assertEquals(ChangeType.CHANGE_TYPE_UPDATED, updated.getType());
      assertEquals(bytes("v1"), updated.getOldValue());
    }
    var page = server.data().scan(ScanRequest.newBuilder().setCache(cache).build());
    assertEquals(1, page.getEntriesCount());
    assertFalse(page.getEntries(0).getKey().isEmpty());
  }

  @Test
  void aGetBatch_readsEveryBucketOnAPlainRedis() {
    String cache = server.newCache();
    GetBatchRequest.Builder batch = GetBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < 50; i++) {
      server.data().set(SetRequest.newBuilder().setCache(cache)
          .setWrite(Write.newBuilder().setKey(bytes("k" + i)).setValue(bytes("v" + i))).build());
      batch.addKeys(bytes("k" + i));
    }
    batch.addKeys(bytes("absent"));

    List<ReadResult> read = server.data().getBatch(batch.build()).getResultsList();

    for (int i = 0; i < 50; i++) {
      assertTrue(read.get(i).getFound(), "k" + i);
      assertEquals(bytes("v" + i), read.get(i).getValue(), "k" + i);
    }
    assertFalse(read.get(50).getFound());
  }

  @Test
  void brokenEventConnection_endsTheStream_unavailable_andASubscriptionAfterwardsHearsChanges()
      throws Exception {
    String cache = server.newCache();
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).build())) {
      // Redis drops the connection that carries the node's subscriptions: changes published
      // meanwhile are lost to it, so the stream must end rather than go quiet.
      String killed = REDIS.cli(REDIS.ports().get(0), "client", "kill", "type", "pubsub");
      assertEquals("1", killed);
      assertTrue(events.awaitEnd(), "the stream ends when its connection to Redis breaks");
      StatusRuntimeException error = (StatusRuntimeException) events.error();
      assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode());
      assertTrue(error.getStatus().getDescription().contains("changes may have been missed"),
          error.getStatus().getDescription());
    }
    try (EventRecorder again = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).build())) {
      server.data().set(SetRequest.newBuilder().setCache(cache)
          .setWrite(Write.newBuilder().setKey(bytes("after")).setValue(bytes("v"))).build());
      assertEquals(bytes("after"), again.nextChange().getKey());
    }
  }
}
