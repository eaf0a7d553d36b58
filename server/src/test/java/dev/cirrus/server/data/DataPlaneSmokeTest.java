package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DataPlaneSmokeTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  @Test
  void set_thenGet_returnsValueAndVersion_andStreamSeesCreatedThenUpdated() {
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
      assertTrue(read.getFound());
      assertEquals(bytes("v2"), read.getValue());
      assertEquals(second.getVersion(), read.getVersion());

      ChangeEvent created = events.nextChange();
      ChangeEvent updated = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, created.getType());
      assertEquals(bytes("v1"), created.getValue());
      assertEquals(CirrusServerExtension.CLIENT_ID, created.getWriterClientId());
      assertEquals(ChangeType.CHANGE_TYPE_UPDATED, updated.getType());
      assertEquals(bytes("v2"), updated.getValue());
      assertEquals(bytes("v1"), updated.getOldValue());
      assertTrue(updated.getSequence() > created.getSequence());
    }
  }

  @Test
  void get_absentKey_notFound() {
    String cache = server.newCache();
    ReadResult read = server.data().get(
        GetRequest.newBuilder().setCache(cache).setKey(bytes("nope")).build()).getResult();
    assertFalse(read.getFound());
    assertFalse(read.hasExpired());
  }
}
