package dev.cirrus.server.v1;

import dev.cirrus.proto.v1.DeleteCondition;
import dev.cirrus.proto.v1.ExpiredEntry;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.Removal;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.store.RemoveCondition;
import dev.cirrus.server.store.RemoveRequest;
import dev.cirrus.server.store.RemoveResult;
import dev.cirrus.server.store.TtlSpec;
import dev.cirrus.server.store.WriteCondition;
import dev.cirrus.server.store.WriteRequest;
import java.util.Map;

/** Conversions between cirrus.v1 data-plane messages and store values. */
final class DataMapping {
  private DataMapping() {}

  static TtlSpec ttl(boolean present, Ttl ttl) {
    if (!present) {
      return TtlSpec.DEFAULT;
    }
    return switch (ttl.getMode()) {
      case TTL_MODE_UNSPECIFIED -> TtlSpec.DEFAULT;
      case TTL_MODE_ETERNAL -> TtlSpec.ETERNAL;
      case TTL_MODE_UNCHANGED -> TtlSpec.UNCHANGED;
      case TTL_MODE_DURATION -> TtlSpec.ofMillis(ttl.getMillis());
      case UNRECOGNIZED -> throw unknown("Ttl.mode", ttl.getModeValue());
    };
  }

  static WriteRequest write(Write w) {
    return new WriteRequest(
        w.getKey(), w.getValue(), condition(w.getCondition(), w.getConditionValue()),
        w.getExpectedValue(), w.getExpectedVersion(),
        ttl(w.hasCreateTtl(), w.getCreateTtl()),
        ttl(w.hasUpdateTtl(), w.getUpdateTtl()),
        ttl(w.hasNotAppliedAccessTtl(), w.getNotAppliedAccessTtl()),
        w.getReturnPrevious());
  }

  private static WriteCondition condition(SetCondition condition, int raw) {
    return switch (condition) {
      case SET_CONDITION_UNSPECIFIED, SET_CONDITION_ALWAYS -> WriteCondition.ALWAYS;
      case SET_CONDITION_IF_ABSENT -> WriteCondition.IF_ABSENT;
      case SET_CONDITION_IF_PRESENT -> WriteCondition.IF_PRESENT;
      case SET_CONDITION_VALUE_EQUALS -> WriteCondition.VALUE_EQUALS;
      case SET_CONDITION_VERSION_EQUALS -> WriteCondition.VERSION_EQUALS;
      case UNRECOGNIZED -> throw unknown("Write.condition", raw);
    };
  }

  static RemoveRequest removal(Removal r) {
    return new RemoveRequest(
        r.getKey(), condition(r.getCondition(), r.getConditionValue()), r.getExpectedValue(),
        r.getExpectedVersion(), ttl(r.hasNotAppliedAccessTtl(), r.getNotAppliedAccessTtl()),
        r.getReturnPrevious());
  }

  private static RemoveCondition condition(DeleteCondition condition, int raw) {
    return switch (condition) {
      case DELETE_CONDITION_UNSPECIFIED, DELETE_CONDITION_ALWAYS -> RemoveCondition.ALWAYS;
      case DELETE_CONDITION_VALUE_EQUALS -> RemoveCondition.VALUE_EQUALS;
      case DELETE_CONDITION_VERSION_EQUALS -> RemoveCondition.VERSION_EQUALS;
      case UNRECOGNIZED -> throw unknown("Removal.condition", raw);
    };
  }

  static ReadResult read(dev.cirrus.server.store.ReadResult r) {
    ReadResult.Builder b = ReadResult.newBuilder().setFound(r.found()).setVersion(r.version())
        .setExpiresInMillis(r.expiresInMillis());
    if (r.value() != null) {
      b.setValue(r.value());
    }
    if (r.expired() != null) {
      b.setExpired(expired(r.expired()));
    }
    return b.build();
  }

  static WriteResult write(dev.cirrus.server.store.WriteResult r) {
    WriteResult.Builder b =
        WriteResult.newBuilder()
            .setOutcome(switch (r.outcome()) {
              case CREATED -> WriteOutcome.WRITE_OUTCOME_CREATED;
              case UPDATED -> WriteOutcome.WRITE_OUTCOME_UPDATED;
              case NOT_APPLIED -> WriteOutcome.WRITE_OUTCOME_NOT_APPLIED;
            })
            .setVersion(r.version())
            .setHadPrevious(r.hadPrevious())
            .setExpiredOnWrite(r.expiredOnWrite())
            .setExpiresInMillis(r.expiresInMillis());
    if (r.previousValue() != null) {
      b.setPreviousValue(r.previousValue());
    }
    if (r.expired() != null) {
      b.setExpired(expired(r.expired()));
    }
    return b.build();
  }

  static RemovalResult removal(RemoveResult r) {
    RemovalResult.Builder b =
        RemovalResult.newBuilder()
            .setRemoved(r.removed())
            .setHadPrevious(r.hadPrevious())
            .setVersion(r.version());
    if (r.previousValue() != null) {
      b.setPreviousValue(r.previousValue());
    }
    if (r.expired() != null) {
      b.setExpired(expired(r.expired()));
    }
    return b.build();
  }

  private static ExpiredEntry expired(dev.cirrus.server.store.ExpiredEntry e) {
    return ExpiredEntry.newBuilder().setValue(e.value()).setVersion(e.version()).build();
  }

  private static CirrusException unknown(String field, int value) {
    return CirrusException.invalidArgument(
        ErrorCause.INVALID_REQUEST,
        field + " " + value + " is not known to this server (cirrus.v1); upgrade the server or"
            + " send a supported value",
        Map.of("field", field, "actual", Integer.toString(value)));
  }
}
