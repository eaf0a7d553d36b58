package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.removal;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteCondition;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.proto.v1.TtlMode;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BatchTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();

  @Test
  void getBatch_resultsInRequestOrder_includingMisses() {
    put(server.data(), cache, "a", "1");
    put(server.data(), cache, "c", "3");
    List<ReadResult> results = server.data().getBatch(GetBatchRequest.newBuilder().setCache(cache)
        .addKeys(bytes("c")).addKeys(bytes("b")).addKeys(bytes("a")).build()).getResultsList();

    assertEquals(3, results.size());
    assertEquals(bytes("3"), results.get(0).getValue());
    assertFalse(results.get(1).getFound());
    assertEquals(bytes("1"), results.get(2).getValue());
  }

  @Test
  void setBatch_eachWriteAppliedWithItsOwnCondition_resultsInOrder() {
    put(server.data(), cache, "present", "old");
    List<WriteResult> results = server.data().setBatch(SetBatchRequest.newBuilder().setCache(cache)
        .addWrites(write("fresh", "1"))
        .addWrites(write("present", "2").setCondition(SetCondition.SET_CONDITION_IF_ABSENT))
        .addWrites(write("present", "3").setCondition(SetCondition.SET_CONDITION_IF_PRESENT))
        .build()).getResultsList();

    assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED, results.get(0).getOutcome());
    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, results.get(1).getOutcome());
    assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, results.get(2).getOutcome());
    assertEquals(bytes("3"), get(server.data(), cache, "present").getValue());
    assertTrue(results.get(2).getVersion() > results.get(0).getVersion());
  }

  @Test
  void deleteBatch_resultsInOrder() {
    put(server.data(), cache, "a", "1");
    put(server.data(), cache, "b", "2");
    List<RemovalResult> results = server.data().deleteBatch(DeleteBatchRequest.newBuilder()
        .setCache(cache)
        .addRemovals(removal("a"))
        .addRemovals(removal("missing"))
        .addRemovals(removal("b").setCondition(DeleteCondition.DELETE_CONDITION_VALUE_EQUALS)
            .setExpectedValue(bytes("other")))
        .build()).getResultsList();

    assertTrue(results.get(0).getRemoved());
    assertFalse(results.get(1).getRemoved());
    assertFalse(results.get(2).getRemoved());
    assertTrue(get(server.data(), cache, "b").getFound());
  }

  /**
   * A batch spread over every bucket (and so, over Redis, over every shard), with conditional
   * writes on fresh and present keys and one key named several times: each write applies with its
   * own condition, in order for the repeated key, with its previous value, and each change is
   * published once, in order.
   */
  @Test
  void setBatch_overManyBuckets_conditionsRepeatedKeysPreviousValuesAndEvents() {
    for (int i = 0; i < 50; i++) {
      put(server.data(), cache, "present" + i, "old" + i);
    }
    SetBatchRequest.Builder batch = SetBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < 200; i++) {
      batch.addWrites(write("fresh" + i, "new" + i).setCondition(SetCondition.SET_CONDITION_IF_ABSENT));
    }
    for (int i = 0; i < 50; i++) {
      batch.addWrites(write("present" + i, "no" + i).setCondition(SetCondition.SET_CONDITION_IF_ABSENT)
          .setReturnPrevious(true));
    }
    batch.addWrites(write("dup", "1").setReturnPrevious(true))
        .addWrites(write("dup", "2").setCondition(SetCondition.SET_CONDITION_IF_PRESENT)
            .setReturnPrevious(true))
        .addWrites(write("dup", "3").setCondition(SetCondition.SET_CONDITION_IF_ABSENT)
            .setReturnPrevious(true))
        .addWrites(write("dup", "4").setCondition(SetCondition.SET_CONDITION_VALUE_EQUALS)
            .setExpectedValue(bytes("2")).setReturnPrevious(true));

    List<WriteResult> results;
    List<ChangeEvent> dupEvents = new ArrayList<>();
    int created = 0;
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      results = server.data().setBatch(batch.build()).getResultsList();
      // 200 fresh keys and dup created, dup updated twice: 203 changes, none for the rest.
      for (int i = 0; i < 203; i++) {
        ChangeEvent event = events.nextChange();
        if (event.getKey().equals(bytes("dup"))) {
          dupEvents.add(event);
        } else {
          assertEquals(ChangeType.CHANGE_TYPE_CREATED, event.getType(), event.toString());
          assertTrue(event.getKey().toStringUtf8().startsWith("fresh"), event.toString());
          created++;
        }
      }
    }

    assertEquals(254, results.size());
    for (int i = 0; i < 200; i++) {
      assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED, results.get(i).getOutcome());
      assertEquals(bytes("new" + i), get(server.data(), cache, "fresh" + i).getValue());
    }
    for (int i = 0; i < 50; i++) {
      WriteResult notApplied = results.get(200 + i);
      assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, notApplied.getOutcome());
      assertEquals(bytes("old" + i), notApplied.getPreviousValue());
      assertEquals(bytes("old" + i), get(server.data(), cache, "present" + i).getValue());
    }
    assertEquals(200, created);
    WriteResult first = results.get(250);
    WriteResult second = results.get(251);
    WriteResult third = results.get(252);
    WriteResult fourth = results.get(253);
    assertEquals(WriteOutcome.WRITE_OUTCOME_CREATED, first.getOutcome());
    assertFalse(first.getHadPrevious());
    assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, second.getOutcome());
    assertEquals(bytes("1"), second.getPreviousValue());
    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, third.getOutcome());
    assertEquals(bytes("2"), third.getPreviousValue());
    assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, fourth.getOutcome());
    assertEquals(bytes("2"), fourth.getPreviousValue());
    assertTrue(first.getVersion() < second.getVersion() && second.getVersion() < fourth.getVersion());
    assertEquals(second.getVersion(), third.getVersion());
    assertEquals(bytes("4"), get(server.data(), cache, "dup").getValue());
    assertEquals(List.of(ChangeType.CHANGE_TYPE_CREATED, ChangeType.CHANGE_TYPE_UPDATED,
        ChangeType.CHANGE_TYPE_UPDATED), dupEvents.stream().map(ChangeEvent::getType).toList());
    assertEquals(List.of(bytes("1"), bytes("2"), bytes("4")),
        dupEvents.stream().map(ChangeEvent::getValue).toList());
    assertEquals(List.of(first.getVersion(), second.getVersion(), fourth.getVersion()),
        dupEvents.stream().map(ChangeEvent::getVersion).toList());
  }

  /**
   * One key named in every write of a large batch (more writes than one call to the store takes):
   * the writes apply in the order given, each answering the value the one before it left, and a
   * large stored value asked for again and again is answered each time.
   */
  @Test
  void setBatch_oneKeyManyTimes_appliesInOrder_eachAnsweringThePreviousValue() {
    String large = "x".repeat(20_000);
    put(server.data(), cache, "k", large);
    SetBatchRequest.Builder batch = SetBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < 5; i++) {
      batch.addWrites(write("k", "refused").setCondition(SetCondition.SET_CONDITION_IF_ABSENT)
          .setReturnPrevious(true));
    }
    for (int i = 0; i < 600; i++) {
      batch.addWrites(write("k", "v" + i).setReturnPrevious(true));
      if (i % 7 == 0) {
        batch.addWrites(write("k", "refused").setCondition(SetCondition.SET_CONDITION_VALUE_EQUALS)
            .setExpectedValue(bytes("other")).setReturnPrevious(true));
      }
    }

    List<WriteResult> results = server.data().setBatch(batch.build()).getResultsList();

    assertEquals(batch.getWritesCount(), results.size());
    String current = large;
    long version = 0;
    for (int i = 0; i < results.size(); i++) {
      WriteResult result = results.get(i);
      String value = batch.getWrites(i).getValue().toStringUtf8();
      assertEquals(bytes(current), result.getPreviousValue(), "write " + i);
      if (value.equals("refused")) {
        assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, result.getOutcome(), "write " + i);
      } else {
        assertEquals(WriteOutcome.WRITE_OUTCOME_UPDATED, result.getOutcome(), "write " + i);
        assertTrue(result.getVersion() > version, "write " + i);
        version = result.getVersion();
        current = value;
      }
    }
    assertEquals(bytes("v599"), get(server.data(), cache, "k").getValue());
  }

  /**
   * Writes that differ in nothing but key and value, as a putAll's do (the Redis store sends
   * their terms once for the call), some keys named several times, each asking for the previous
   * value under one TTL: each answers what the write before it on its key left (a large value
   * included), a key's versions grow in the order given, each applied write says how long its
   * entry lives, and each key ends with its last value.
   */
  @Test
  void setBatch_writesSharingAllButKeyAndValue_eachAnswersAsIfWrittenAlone() {
    String large = "y".repeat(20_000);
    put(server.data(), cache, "k0", large);
    Ttl minute = Ttl.newBuilder().setMode(TtlMode.TTL_MODE_DURATION).setMillis(60_000).build();
    SetBatchRequest.Builder batch = SetBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < 300; i++) {
      batch.addWrites(write("k" + (i % 40), "v" + i).setReturnPrevious(true)
          .setCreateTtl(minute).setUpdateTtl(minute));
    }

    List<WriteResult> results = server.data().setBatch(batch.build()).getResultsList();

    assertEquals(300, results.size());
    Map<String, String> current = new HashMap<>(Map.of("k0", large));
    Map<String, Long> versions = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String key = "k" + (i % 40);
      WriteResult result = results.get(i);
      String previous = current.get(key);
      assertEquals(previous == null ? WriteOutcome.WRITE_OUTCOME_CREATED
          : WriteOutcome.WRITE_OUTCOME_UPDATED, result.getOutcome(), "write " + i);
      assertEquals(previous != null, result.getHadPrevious(), "write " + i);
      assertEquals(previous == null ? ByteString.EMPTY : bytes(previous),
          result.getPreviousValue(), "write " + i);
      assertTrue(result.getVersion() > versions.getOrDefault(key, 0L), "write " + i);
      assertTrue(result.getExpiresInMillis() > 0 && result.getExpiresInMillis() <= 60_000,
          "write " + i + " expires in " + result.getExpiresInMillis());
      versions.put(key, result.getVersion());
      current.put(key, "v" + i);
    }
    for (int k = 0; k < 40; k++) {
      ReadResult read = get(server.data(), cache, "k" + k);
      assertEquals(bytes(current.get("k" + k)), read.getValue(), "k" + k);
      assertEquals((long) versions.get("k" + k), read.getVersion(), "k" + k);
    }
  }

  @Test
  void deleteBatch_oneKeyManyTimes_refusedWhileTheConditionFails_thenRemovedOnce() {
    String large = "y".repeat(20_000);
    put(server.data(), cache, "k", large);
    put(server.data(), cache, "other", "o");
    DeleteBatchRequest.Builder batch = DeleteBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < 3; i++) {
      batch.addRemovals(removal("k").setCondition(DeleteCondition.DELETE_CONDITION_VALUE_EQUALS)
          .setExpectedValue(bytes("wrong")).setReturnPrevious(true));
    }
    batch.addRemovals(removal("k").setReturnPrevious(true))
        .addRemovals(removal("other").setReturnPrevious(true))
        .addRemovals(removal("k").setReturnPrevious(true));

    List<RemovalResult> results = server.data().deleteBatch(batch.build()).getResultsList();

    for (int i = 0; i < 3; i++) {
      assertFalse(results.get(i).getRemoved());
      assertEquals(bytes(large), results.get(i).getPreviousValue(), "removal " + i);
    }
    assertTrue(results.get(3).getRemoved());
    assertEquals(bytes(large), results.get(3).getPreviousValue());
    assertTrue(results.get(4).getRemoved());
    assertEquals(bytes("o"), results.get(4).getPreviousValue());
    assertFalse(results.get(5).getRemoved());
    assertFalse(results.get(5).getHadPrevious());
    assertFalse(get(server.data(), cache, "k").getFound());
  }
}
