package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SetTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();

  private WriteResult setIf(SetCondition condition, String key, String value) {
    return set(server.data(), cache, write(key, value).setCondition(condition).setReturnPrevious(true));
  }

  @Test
  void set_always_createsThenUpdates_withIncreasingVersions() {
    WriteResult created = put(server.data(), cache, "k", "v1");
    WriteResult updated = put(server.data(), cache, "k", "v2");

    assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED, created.getOutcome());
    assertFalse(created.getHadPrevious());
    assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, updated.getOutcome());
    assertTrue(updated.getHadPrevious());
    assertTrue(created.getVersion() > 0);
    assertTrue(updated.getVersion() > created.getVersion());
    assertEquals(bytes("v2"), get(server.data(), cache, "k").getValue());
  }

  @Test
  void set_versions_increaseAcrossKeysOfOneCache() {
    long a = put(server.data(), cache, "a", "1").getVersion();
    long b = put(server.data(), cache, "b", "1").getVersion();
    long a2 = put(server.data(), cache, "a", "2").getVersion();
    assertTrue(a < b && b < a2, a + " < " + b + " < " + a2);
  }

  @Test
  void get_doesNotChangeVersion() {
    long version = put(server.data(), cache, "k", "v").getVersion();
    get(server.data(), cache, "k", ttl(Duration.ofMinutes(5)));
    assertEquals(version, get(server.data(), cache, "k").getVersion());
  }

  @Test
  void set_unspecifiedCondition_behavesAsAlways() {
    put(server.data(), cache, "k", "v1");
    WriteResult r = setIf(SetCondition.SET_CONDITION_UNSPECIFIED, "k", "v2");
    assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, r.getOutcome());
  }

  @Test
  void set_ifAbsent_whenAbsent_creates() {
    WriteResult r = setIf(SetCondition.SET_CONDITION_IF_ABSENT, "k", "v");
    assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED, r.getOutcome());
    assertEquals(bytes("v"), get(server.data(), cache, "k").getValue());
  }

  @Test
  void set_ifAbsent_whenPresent_notApplied_reportsCurrentVersionAndValue() {
    long version = put(server.data(), cache, "k", "old").getVersion();
    WriteResult r = setIf(SetCondition.SET_CONDITION_IF_ABSENT, "k", "new");

    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, r.getOutcome());
    assertEquals(version, r.getVersion());
    assertTrue(r.getHadPrevious());
    assertEquals(bytes("old"), r.getPreviousValue());
    assertEquals(bytes("old"), get(server.data(), cache, "k").getValue());
  }

  @Test
  void set_ifPresent_whenAbsent_notApplied_versionZero() {
    WriteResult r = setIf(SetCondition.SET_CONDITION_IF_PRESENT, "k", "v");
    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, r.getOutcome());
    assertEquals(0, r.getVersion());
    assertFalse(r.getHadPrevious());
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void set_ifPresent_whenPresent_updates() {
    put(server.data(), cache, "k", "old");
    WriteResult r = setIf(SetCondition.SET_CONDITION_IF_PRESENT, "k", "new");
    assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, r.getOutcome());
    assertEquals(bytes("old"), r.getPreviousValue());
    assertEquals(bytes("new"), get(server.data(), cache, "k").getValue());
  }

  @Test
  void set_valueEquals_whenEqual_updates_whenDifferent_notApplied() {
    put(server.data(), cache, "k", "old");
    WriteResult miss = set(server.data(), cache, write("k", "x")
        .setCondition(SetCondition.SET_CONDITION_VALUE_EQUALS).setExpectedValue(bytes("other")));
    WriteResult hit = set(server.data(), cache, write("k", "new")
        .setCondition(SetCondition.SET_CONDITION_VALUE_EQUALS).setExpectedValue(bytes("old")));

    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, miss.getOutcome());
    assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, hit.getOutcome());
    assertEquals(bytes("new"), get(server.data(), cache, "k").getValue());
  }

  @Test
  void set_valueEquals_whenAbsent_notApplied() {
    WriteResult r = set(server.data(), cache, write("k", "x")
        .setCondition(SetCondition.SET_CONDITION_VALUE_EQUALS).setExpectedValue(ByteString.EMPTY));
    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, r.getOutcome());
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void set_versionEquals_compareAndSet_onlyFirstOfTwoWithSameVersionWins() {
    long version = put(server.data(), cache, "k", "v0").getVersion();
    WriteResult first = set(server.data(), cache, write("k", "v1")
        .setCondition(SetCondition.SET_CONDITION_VERSION_EQUALS).setExpectedVersion(version));
    WriteResult second = set(server.data(), cache, write("k", "v2")
        .setCondition(SetCondition.SET_CONDITION_VERSION_EQUALS).setExpectedVersion(version));

    assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, first.getOutcome());
    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, second.getOutcome());
    assertEquals(first.getVersion(), second.getVersion());
    assertEquals(bytes("v1"), get(server.data(), cache, "k").getValue());
  }

  @Test
  void set_withoutReturnPrevious_omitsPreviousValue_butReportsHadPrevious() {
    put(server.data(), cache, "k", "old");
    WriteResult r = put(server.data(), cache, "k", "new");
    assertTrue(r.getHadPrevious());
    assertEquals(ByteString.EMPTY, r.getPreviousValue());
  }

  @Test
  void set_createTtlZero_storesNothing_publishesNothing() throws InterruptedException {
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).build())) {
      WriteResult r = set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ZERO)));

      assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED, r.getOutcome());
      assertTrue(r.getExpiredOnWrite());
      assertFalse(get(server.data(), cache, "k").getFound());
      put(server.data(), cache, "marker", "m");
      ChangeEvent next = events.nextChange();
      assertEquals(bytes("marker"), next.getKey(), () -> "unexpected event " + next);
    }
  }

  @Test
  void set_updateTtlZero_removesEntry_reportsExpired() {
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      put(server.data(), cache, "k", "v1");
      WriteResult r = set(server.data(), cache, write("k", "v2").setUpdateTtl(ttl(Duration.ZERO)));

      assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, r.getOutcome());
      assertTrue(r.getExpiredOnWrite());
      assertFalse(get(server.data(), cache, "k").getFound());
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, events.nextChange().getType());
      assertEquals(ChangeType.CHANGE_TYPE_UPDATED, events.nextChange().getType());
      ChangeEvent expired = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_EXPIRED, expired.getType());
      assertEquals(bytes("v2"), expired.getOldValue());
    }
  }

  @Test
  void set_createTtl_appliesOnCreate_updateUnset_keepsExpiry() {
    set(server.data(), cache, write("k", "v1").setCreateTtl(ttl(Duration.ofSeconds(10))));
    server.clock().advance(Duration.ofSeconds(6));
    put(server.data(), cache, "k", "v2"); // update TTL unset: expiry unchanged
    server.clock().advance(Duration.ofSeconds(5));

    var read = get(server.data(), cache, "k");
    assertFalse(read.getFound());
    assertTrue(read.hasExpired());
    assertEquals(bytes("v2"), read.getExpired().getValue());
  }

  @Test
  void set_updateTtl_appliesOnUpdate_notOnCreate() {
    set(server.data(), cache, write("k", "v1").setUpdateTtl(ttl(Duration.ofSeconds(1))));
    server.clock().advance(Duration.ofSeconds(2));
    assertTrue(get(server.data(), cache, "k").getFound(), "update TTL must not apply on create");

    set(server.data(), cache, write("k", "v2").setUpdateTtl(ttl(Duration.ofSeconds(1))));
    server.clock().advance(Duration.ofSeconds(2));
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void set_notAppliedAccessTtl_appliesToLiveEntryWhenConditionFails() {
    put(server.data(), cache, "k", "v");
    WriteResult r = set(server.data(), cache, write("k", "x")
        .setCondition(SetCondition.SET_CONDITION_IF_ABSENT)
        .setNotAppliedAccessTtl(ttl(Duration.ofSeconds(1))));
    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, r.getOutcome());
    server.clock().advance(Duration.ofSeconds(2));
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void set_onExpiredEntry_reportsExpired_thenCreates() {
    set(server.data(), cache, write("k", "old").setCreateTtl(ttl(Duration.ofSeconds(1))));
    long oldVersion = get(server.data(), cache, "k").getVersion();
    server.clock().advance(Duration.ofSeconds(1));

    WriteResult r = set(server.data(), cache, write("k", "new")
        .setCondition(SetCondition.SET_CONDITION_IF_ABSENT));

    assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED, r.getOutcome());
    assertFalse(r.getHadPrevious());
    assertTrue(r.hasExpired());
    assertEquals(bytes("old"), r.getExpired().getValue());
    assertEquals(oldVersion, r.getExpired().getVersion());
  }
}
