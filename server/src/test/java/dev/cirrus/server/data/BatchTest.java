package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.removal;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteCondition;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.testing.CirrusServerExtension;
import java.util.List;
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
}
