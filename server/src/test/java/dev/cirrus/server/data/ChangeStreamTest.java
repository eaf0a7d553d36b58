package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.delete;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.removal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.FlushCacheRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChangeStreamTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();

  private EventRecorder subscribe(boolean includeValues) {
    return EventRecorder.subscribe(server.dataAsync(), SubscribeRequest.newBuilder()
        .setCache(cache).setIncludeValues(includeValues).build());
  }

  @Test
  void subscribe_firstEventSubscribed_thenSequenceIncreasesByOne() {
    try (EventRecorder events = subscribe(false)) {
      put(server.data(), cache, "a", "1");
      put(server.data(), cache, "b", "2");
      assertEquals(2, events.next().getSequence());
      assertEquals(3, events.next().getSequence());
    }
  }

  @Test
  void withoutIncludeValues_eventsCarryKeyAndVersionOnly() {
    try (EventRecorder events = subscribe(false)) {
      long version = put(server.data(), cache, "k", "v").getVersion();
      put(server.data(), cache, "k", "v2");
      ChangeEvent created = events.nextChange();
      ChangeEvent updated = events.nextChange();
      assertEquals(bytes("k"), created.getKey());
      assertEquals(version, created.getVersion());
      assertFalse(created.getHasValue());
      assertTrue(created.getValue().isEmpty());
      assertFalse(updated.getHasOldValue());
      assertTrue(updated.getOldValue().isEmpty());
    }
  }

  @Test
  void withIncludeValues_createdHasValueOnly_removedHasOldValueOnly() {
    try (EventRecorder events = subscribe(true)) {
      put(server.data(), cache, "k", "v");
      delete(server.data(), cache, removal("k"));
      ChangeEvent created = events.nextChange();
      ChangeEvent removed = events.nextChange();
      assertTrue(created.getHasValue());
      assertFalse(created.getHasOldValue());
      assertEquals(ChangeType.CHANGE_TYPE_REMOVED, removed.getType());
      assertFalse(removed.getHasValue());
      assertTrue(removed.getHasOldValue());
      assertEquals(bytes("v"), removed.getOldValue());
    }
  }

  @Test
  void concurrentWriters_eventsOfEachKeyArriveInApplicationOrder() throws Exception {
    int keys = 4;
    int writesPerKey = 150;
    try (EventRecorder events = subscribe(true)) {
      ExecutorService writers = Executors.newFixedThreadPool(keys);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
          String key = "key-" + k;
          done.add(writers.submit(() -> {
            for (int i = 0; i < writesPerKey; i++) {
              put(server.data(), cache, key, Integer.toString(i));
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        writers.shutdownNow();
      }
      Map<String, Integer> lastValue = new HashMap<>();
      Map<String, Long> lastVersion = new HashMap<>();
      for (int n = 0; n < keys * writesPerKey; n++) {
        ChangeEvent e = events.nextChange();
        String key = e.getKey().toStringUtf8();
        int value = Integer.parseInt(e.getValue().toStringUtf8());
        assertEquals(lastValue.getOrDefault(key, -1) + 1, value, () -> "out of order for " + key);
        assertTrue(e.getVersion() > lastVersion.getOrDefault(key, 0L));
        lastValue.put(key, value);
        lastVersion.put(key, e.getVersion());
      }
      assertEquals(keys, lastValue.size());
    }
  }

  @Test
  void heartbeat_sentAtRequestedInterval() {
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setHeartbeatMillis(50).build())) {
      assertEquals(ChangeType.CHANGE_TYPE_HEARTBEAT, events.next().getType());
      assertEquals(ChangeType.CHANGE_TYPE_HEARTBEAT, events.next().getType());
    }
  }

  @Test
  void noHeartbeatRequested_noHeartbeats() throws InterruptedException {
    try (EventRecorder events = subscribe(false)) {
      assertNull(events.poll(Duration.ofMillis(300)));
    }
  }

  @Test
  void flush_publishesCleared() {
    put(server.data(), cache, "k", "v");
    try (EventRecorder events = subscribe(false)) {
      long removed = server.control().flushCache(
          FlushCacheRequest.newBuilder().setName(cache).build()).getRemoved();
      assertEquals(1, removed);
      assertEquals(ChangeType.CHANGE_TYPE_CLEARED, events.nextChange().getType());
    }
  }

  @Test
  void deleteCache_sendsCacheDeleted_thenCompletes() throws InterruptedException {
    try (EventRecorder events = subscribe(false)) {
      put(server.data(), cache, "k", "v");
      server.control().deleteCache(DeleteCacheRequest.newBuilder().setName(cache).build());

      assertEquals(ChangeType.CHANGE_TYPE_CREATED, events.nextChange().getType());
      assertEquals(ChangeType.CHANGE_TYPE_CACHE_DELETED, events.nextChange().getType());
      assertTrue(events.awaitEnd(), "stream did not end after CACHE_DELETED");
      assertNull(events.error(), () -> "stream failed instead of completing: " + events.error());
    }
  }

  @Test
  void subscribe_unknownCache_notFound() {
    DataPlaneGrpc.DataPlaneBlockingStub stub = server.data();
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND, () ->
        stub.subscribe(SubscribeRequest.newBuilder().setCache("no-such-cache").build()).next());
  }

  @Test
  void subscribe_negativeHeartbeat_invalidRequest() {
    DataPlaneGrpc.DataPlaneBlockingStub stub = server.data();
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST, () ->
        stub.subscribe(SubscribeRequest.newBuilder().setCache(cache).setHeartbeatMillis(-1).build())
            .next());
  }
}
