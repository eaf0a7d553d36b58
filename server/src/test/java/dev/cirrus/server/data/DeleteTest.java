package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.delete;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.removal;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.DeleteCondition;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeleteTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();

  @Test
  void delete_always_removesAndReturnsPrevious_publishesRemovedWithOldValue() {
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      long version = put(server.data(), cache, "k", "v").getVersion();
      RemovalResult r = delete(server.data(), cache, removal("k").setReturnPrevious(true));

      assertTrue(r.getRemoved());
      assertTrue(r.getHadPrevious());
      assertEquals(bytes("v"), r.getPreviousValue());
      assertFalse(get(server.data(), cache, "k").getFound());
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, events.nextChange().getType());
      ChangeEvent removed = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_REMOVED, removed.getType());
      assertEquals(bytes("v"), removed.getOldValue());
      assertTrue(removed.getHasOldValue());
      assertEquals(version, removed.getVersion());
      assertEquals(CirrusServerExtension.CLIENT_ID, removed.getWriterClientId());
    }
  }

  @Test
  void delete_absent_notRemoved_versionZero() {
    RemovalResult r = delete(server.data(), cache, removal("nope"));
    assertFalse(r.getRemoved());
    assertFalse(r.getHadPrevious());
    assertEquals(0, r.getVersion());
  }

  @Test
  void delete_valueEquals_whenDifferent_keepsEntry_reportsVersion() {
    long version = put(server.data(), cache, "k", "v").getVersion();
    RemovalResult r = delete(server.data(), cache, removal("k")
        .setCondition(DeleteCondition.DELETE_CONDITION_VALUE_EQUALS).setExpectedValue(bytes("x")));
    assertFalse(r.getRemoved());
    assertTrue(r.getHadPrevious());
    assertEquals(version, r.getVersion());
    assertTrue(get(server.data(), cache, "k").getFound());
  }

  @Test
  void delete_valueEquals_whenEqual_removes() {
    put(server.data(), cache, "k", "v");
    RemovalResult r = delete(server.data(), cache, removal("k")
        .setCondition(DeleteCondition.DELETE_CONDITION_VALUE_EQUALS).setExpectedValue(bytes("v")));
    assertTrue(r.getRemoved());
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void delete_versionEquals_onlyMatchingVersionRemoves() {
    long version = put(server.data(), cache, "k", "v").getVersion();
    RemovalResult stale = delete(server.data(), cache, removal("k")
        .setCondition(DeleteCondition.DELETE_CONDITION_VERSION_EQUALS).setExpectedVersion(version + 100));
    RemovalResult current = delete(server.data(), cache, removal("k")
        .setCondition(DeleteCondition.DELETE_CONDITION_VERSION_EQUALS).setExpectedVersion(version));
    assertFalse(stale.getRemoved());
    assertTrue(current.getRemoved());
  }

  @Test
  void delete_notAppliedAccessTtl_appliesWhenConditionFails() {
    put(server.data(), cache, "k", "v");
    delete(server.data(), cache, removal("k")
        .setCondition(DeleteCondition.DELETE_CONDITION_VALUE_EQUALS).setExpectedValue(bytes("x"))
        .setNotAppliedAccessTtl(ttl(Duration.ofSeconds(1))));
    server.clock().advance(Duration.ofSeconds(1));
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void delete_expiredEntry_reportsExpired_notRemoved() {
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(1))));
    server.clock().advance(Duration.ofSeconds(2));
    RemovalResult r = delete(server.data(), cache, removal("k"));
    assertFalse(r.getRemoved());
    assertFalse(r.getHadPrevious());
    assertEquals(bytes("v"), r.getExpired().getValue());
  }

  @Test
  void clear_removesEverything_publishesOneCleared_noPerEntryEvents() {
    put(server.data(), cache, "a", "1");
    put(server.data(), cache, "b", "2");
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).build())) {
      long removed = server.data().clear(ClearRequest.newBuilder().setCache(cache).build()).getRemoved();

      assertEquals(2, removed);
      assertFalse(get(server.data(), cache, "a").getFound());
      ChangeEvent cleared = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_CLEARED, cleared.getType());
      assertEquals(CirrusServerExtension.CLIENT_ID, cleared.getWriterClientId());
      put(server.data(), cache, "after", "x");
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, events.nextChange().getType());
    }
  }
}
