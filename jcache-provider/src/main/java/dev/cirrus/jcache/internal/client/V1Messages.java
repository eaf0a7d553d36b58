package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.CacheInfo;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteCondition;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.Removal;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.ScanEntry;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.WriteResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's records to and from cirrus.v1 messages, each way written once. Bytes are passed
 * as the same {@link ByteString}s, never copied; a null TTL is left out of the message, which the
 * server reads as the operation's default. Set and SetBatch requests are written from their
 * records by {@link WriteRequest} instead, field by field.
 */
final class V1Messages {

  private V1Messages() {}

  // ---- requests ----

  static GetRequest get(String cache, ByteString key, Ttl accessTtl) {
    GetRequest.Builder request = GetRequest.newBuilder().setCache(cache).setKey(key);
    if (accessTtl != null) {
      request.setAccessTtl(accessTtl.wire());
    }
    return request.build();
  }

  static GetBatchRequest getBatch(String cache, List<ByteString> keys, Ttl accessTtl) {
    GetBatchRequest.Builder request = GetBatchRequest.newBuilder().setCache(cache).addAllKeys(keys);
    if (accessTtl != null) {
      request.setAccessTtl(accessTtl.wire());
    }
    return request.build();
  }

  static ContainsRequest contains(String cache, ByteString key) {
    return ContainsRequest.newBuilder().setCache(cache).setKey(key).build();
  }

  static TouchRequest touch(String cache, ByteString key, Ttl ttl, long expectedVersion) {
    return TouchRequest.newBuilder().setCache(cache).setKey(key).setTtl(ttl.wire())
        .setExpectedVersion(expectedVersion).build();
  }

  static SetCondition condition(EntryWrite.Condition condition) {
    return switch (condition) {
      case ALWAYS -> SetCondition.SET_CONDITION_ALWAYS;
      case IF_ABSENT -> SetCondition.SET_CONDITION_IF_ABSENT;
      case IF_PRESENT -> SetCondition.SET_CONDITION_IF_PRESENT;
      case VALUE_EQUALS -> SetCondition.SET_CONDITION_VALUE_EQUALS;
      case VERSION_EQUALS -> SetCondition.SET_CONDITION_VERSION_EQUALS;
    };
  }

  static DeleteRequest delete(String cache, EntryRemoval removal) {
    return DeleteRequest.newBuilder().setCache(cache).setRemoval(removal(removal)).build();
  }

  static DeleteBatchRequest deleteBatch(String cache, List<EntryRemoval> removals) {
    DeleteBatchRequest.Builder request = DeleteBatchRequest.newBuilder().setCache(cache);
    for (EntryRemoval removal : removals) {
      request.addRemovals(removal(removal));
    }
    return request.build();
  }

  private static Removal removal(EntryRemoval r) {
    Removal.Builder removal = Removal.newBuilder().setKey(r.key())
        .setCondition(condition(r.condition())).setExpectedVersion(r.expectedVersion())
        .setReturnPrevious(r.returnPrevious());
    if (r.expectedValue() != null) {
      removal.setExpectedValue(r.expectedValue());
    }
    if (r.notAppliedAccessTtl() != null) {
      removal.setNotAppliedAccessTtl(r.notAppliedAccessTtl().wire());
    }
    return removal.build();
  }

  private static DeleteCondition condition(EntryRemoval.Condition condition) {
    return switch (condition) {
      case ALWAYS -> DeleteCondition.DELETE_CONDITION_ALWAYS;
      case VALUE_EQUALS -> DeleteCondition.DELETE_CONDITION_VALUE_EQUALS;
      case VERSION_EQUALS -> DeleteCondition.DELETE_CONDITION_VERSION_EQUALS;
    };
  }

  static ScanRequest scan(
      String cache, ByteString cursor, int limit, boolean includeValues, Ttl accessTtl) {
    ScanRequest.Builder request = ScanRequest.newBuilder().setCache(cache).setCursor(cursor)
        .setLimit(limit).setIncludeValues(includeValues);
    if (accessTtl != null) {
      request.setAccessTtl(accessTtl.wire());
    }
    return request.build();
  }

  static SubscribeRequest subscribe(Subscription subscription) {
    return SubscribeRequest.newBuilder().setCache(subscription.cache())
        .setIncludeValues(subscription.includeValues())
        .setHeartbeatMillis(subscription.heartbeatMillis()).build();
  }

  // ---- answers ----

  static ReadOutcome read(ReadResult r) {
    return new ReadOutcome(r.getFound(), r.getValue(), r.getVersion(), r.getExpiresInMillis(),
        r.hasExpired() ? r.getExpired().getValue() : null);
  }

  static List<ReadOutcome> reads(List<ReadResult> results) {
    List<ReadOutcome> outcomes = new ArrayList<>(results.size());
    for (ReadResult r : results) {
      outcomes.add(read(r));
    }
    return outcomes;
  }

  static WriteOutcome written(WriteResult r) {
    return new WriteOutcome(effect(r.getOutcome()), r.getVersion(), r.getHadPrevious(),
        r.getPreviousValue(), r.getExpiredOnWrite(),
        r.hasExpired() ? r.getExpired().getValue() : null, r.getExpiresInMillis());
  }

  static List<WriteOutcome> written(List<WriteResult> results) {
    List<WriteOutcome> outcomes = new ArrayList<>(results.size());
    for (WriteResult r : results) {
      outcomes.add(written(r));
    }
    return outcomes;
  }

  static WriteOutcome.Effect effect(dev.cirrus.proto.v1.WriteOutcome outcome) {
    return switch (outcome) {
      case WRITE_OUTCOME_CREATED -> WriteOutcome.Effect.CREATED;
      case WRITE_OUTCOME_UPDATED -> WriteOutcome.Effect.UPDATED;
      // Nothing else says the entry changed: whatever a newer server might add is "not applied".
      default -> WriteOutcome.Effect.NOT_APPLIED;
    };
  }

  static RemovalOutcome removed(RemovalResult r) {
    return new RemovalOutcome(r.getRemoved(), r.getHadPrevious(), r.getPreviousValue(),
        r.getVersion(), r.hasExpired() ? r.getExpired().getValue() : null);
  }

  static List<RemovalOutcome> removed(List<RemovalResult> results) {
    List<RemovalOutcome> outcomes = new ArrayList<>(results.size());
    for (RemovalResult r : results) {
      outcomes.add(removed(r));
    }
    return outcomes;
  }

  static ScanPage page(ScanResponse response) {
    List<ScanPage.Entry> entries = new ArrayList<>(response.getEntriesCount());
    for (ScanEntry e : response.getEntriesList()) {
      entries.add(new ScanPage.Entry(e.getKey(), e.getValue(), e.getVersion()));
    }
    return new ScanPage(entries, response.getNextCursor());
  }

  static CacheChange change(ChangeEvent e) {
    return new CacheChange(type(e), e.getKey(), e.getHasValue() ? e.getValue() : null,
        e.getHasOldValue() ? e.getOldValue() : null, e.getVersion(), e.getWriterClientId());
  }

  private static CacheChange.Type type(ChangeEvent e) {
    return switch (e.getType()) {
      case CHANGE_TYPE_SUBSCRIBED -> CacheChange.Type.SUBSCRIBED;
      case CHANGE_TYPE_CREATED -> CacheChange.Type.CREATED;
      case CHANGE_TYPE_UPDATED -> CacheChange.Type.UPDATED;
      case CHANGE_TYPE_REMOVED -> CacheChange.Type.REMOVED;
      case CHANGE_TYPE_EXPIRED -> CacheChange.Type.EXPIRED;
      case CHANGE_TYPE_CLEARED -> CacheChange.Type.CLEARED;
      case CHANGE_TYPE_HEARTBEAT -> CacheChange.Type.HEARTBEAT;
      case CHANGE_TYPE_CACHE_DELETED -> CacheChange.Type.CACHE_DELETED;
      default -> CacheChange.Type.OTHER;
    };
  }

  static CacheDescription cache(CacheInfo info) {
    return new CacheDescription(info.getName(), info.getClientConfig(), info.getEntryCount());
  }

  static ServerInfo server(Endpoint endpoint, DescribeServerResponse response) {
    return new ServerInfo(endpoint, response.getInstanceId(), response.getServerVersion());
  }
}
