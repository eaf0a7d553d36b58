package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.store.InMemoryCacheStore;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Entries nobody touches are reclaimed by the server and reported as EXPIRED by no writer. */
class ExpirySweepTest {
  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.sweepInterval(InMemoryCacheStore.DEFAULT_SWEEP_INTERVAL));

  @Test
  void untouchedEntry_afterTtl_publishesExpiredWithEmptyWriter_withinASecond() {
    String cache = server.newCache();
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(30))));
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, events.nextChange().getType());

      server.clock().advance(Duration.ofSeconds(30));
      long start = System.nanoTime();
      ChangeEvent expired = events.nextChange();
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;

      assertEquals(ChangeType.CHANGE_TYPE_EXPIRED, expired.getType());
      assertEquals(bytes("k"), expired.getKey());
      assertEquals(bytes("v"), expired.getOldValue());
      assertEquals("", expired.getWriterClientId());
      assertFalse(get(server.data(), cache, "k").hasExpired(), "the sweeper already removed it");
      assertTrue(waitedMillis < 1_500, "took " + waitedMillis + " ms");
    }
  }

  @Test
  void extendedEntry_isNotSweptAtItsOldExpiry_butAtItsNewOne() {
    String cache = server.newCache();
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).build())) {
      set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(10))));
      get(server.data(), cache, "k", ttl(Duration.ofSeconds(60)));
      server.clock().advance(Duration.ofSeconds(30));
      set(server.data(), cache, write("marker", "m").setCreateTtl(ttl(Duration.ofSeconds(1))));
      server.clock().advance(Duration.ofSeconds(1));

      // The marker expires; "k" must not be among the events before it.
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, events.nextChange().getType());
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, events.nextChange().getType());
      ChangeEvent first = events.nextChange();
      assertEquals(bytes("marker"), first.getKey(), () -> "unexpected " + first);

      server.clock().advance(Duration.ofSeconds(30));
      ChangeEvent second = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_EXPIRED, second.getType());
      assertEquals(bytes("k"), second.getKey());
    }
  }
}
