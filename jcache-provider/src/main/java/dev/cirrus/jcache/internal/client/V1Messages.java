package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.CacheInfo;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteCondition;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.ExpiredEntry;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.Removal;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.ScanEntry;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetBatchResponse;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SetResponse;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.proto.v1.WriteResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's records to and from cirrus.v1 messages, each way written once. Bytes are passed
 * as the same {@link ByteString}s, never copied; a null TTL is left out of the message, which the
 * server reads as the operation's default.
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

  static SetRequest set(String cache, EntryWrite write) {
    return SetRequest.newBuilder().setCache(cache).setWrite(write(write)).build();
  }

  static SetBatchRequest setBatch(String cache, List<EntryWrite> writes) {
    SetBatchRequest.Builder request = SetBatchRequest.newBuilder().setCache(cache);
    for (EntryWrite write : writes) {
      request.addWrites(write(write));
    }
    return request.build();
  }

  private static Write write(EntryWrite w) {
    Write.Builder write = Write.newBuilder().setKey(w.key()).setValue(w.value())
        .setCondition(condition(w.condition())).setExpectedVersion(w.expectedVersion())
        .setReturnPrevious(w.returnPrevious());
    if (w.expectedValue() != null) {
      write.setExpectedValue(w.expectedValue());
    }
    if (w.createTtl() != null) {
      write.setCreateTtl(w.createTtl().wire());
    }
    if (w.updateTtl() != null) {
      write.setUpdateTtl(w.updateTtl().wire());
    }
    if (w.notAppliedAccessTtl() != null) {
      write.setNotAppliedAccessTtl(w.notAppliedAccessTtl().wire());
    }
    return write.build();
  }

  private static SetCondition condition(EntryWrite.Condition condition) {
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

  private static final int RESULT =
      tag(GetResponse.RESULT_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int RESULTS = tag(
      GetBatchResponse.RESULTS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int FOUND =
      tag(ReadResult.FOUND_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
  private static final int VALUE =
      tag(ReadResult.VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int VERSION =
      tag(ReadResult.VERSION_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
  private static final int EXPIRED =
      tag(ReadResult.EXPIRED_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int EXPIRES_IN = tag(
      ReadResult.EXPIRES_IN_MILLIS_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);

  /** A field's tag on the wire: its number and the wire type that follows (protobuf's encoding). */
  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /**
   * What {@link #read} makes of a serialized {@code GetResponse}, read field by field rather than
   * through protobuf's builders: the builders of the message and its nested result were about a
   * third of the client's CPU per get. The value is a view of {@code payload}, which nothing may
   * change afterwards. Field numbers come from the generated classes; a field met twice ends as
   * protobuf's parser leaves it (the last scalar, expired entries merged); unknown fields are
   * skipped.
   *
   * @throws IOException (protobuf's InvalidProtocolBufferException) when the bytes do not parse
   */
  static ReadOutcome readGetResponse(byte[] payload) throws IOException {
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(payload).newCodedInput();
    in.enableAliasing(true);
    Read read = new Read();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == RESULT) {
        read.readResult(in);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return read.outcome();
  }

  /**
   * What {@link #reads} makes of a serialized {@code GetBatchResponse}, read as {@link
   * #readGetResponse} reads one result. Values are copies here, not views: each would keep the
   * whole batch's answer alive (in a near cache, for long).
   *
   * @throws IOException (protobuf's InvalidProtocolBufferException) when the bytes do not parse
   */
  static List<ReadOutcome> readGetBatchResponse(byte[] payload) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(payload);
    List<ReadOutcome> outcomes = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == RESULTS) {
        Read read = new Read();
        read.readResult(in);
        outcomes.add(read.outcome());
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return outcomes;
  }

  /** The fields of one {@code ReadResult} as they are read. */
  private static final class Read {
    boolean found;
    ByteString value = ByteString.EMPTY;
    long version;
    long expiresIn;
    ExpiredEntry expired;

    ReadOutcome outcome() {
      return new ReadOutcome(found, value, version, expiresIn,
          expired == null ? null : expired.getValue());
    }

    /** Reads a length-delimited {@code ReadResult} into these fields, merging as protobuf does. */
    void readResult(CodedInputStream in) throws IOException {
      int outer = in.pushLimit(in.readRawVarint32());
      readFields(in);
      in.popLimit(outer);
    }

    private void readFields(CodedInputStream in) throws IOException {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == FOUND) {
          found = in.readBool();
        } else if (tag == VALUE) {
          value = in.readBytes();
        } else if (tag == VERSION) {
          version = in.readInt64();
        } else if (tag == EXPIRES_IN) {
          expiresIn = in.readInt64();
        } else if (tag == EXPIRED) {
          expired = mergeExpired(expired, in.readBytes());
        } else if (!in.skipField(tag)) {
          break;
        }
      }
    }
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

  private static final int SET_RESULT =
      tag(SetResponse.RESULT_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int SET_RESULTS =
      tag(SetBatchResponse.RESULTS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int W_OUTCOME =
      tag(WriteResult.OUTCOME_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
  private static final int W_VERSION =
      tag(WriteResult.VERSION_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
  private static final int W_HAD_PREVIOUS =
      tag(WriteResult.HAD_PREVIOUS_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
  private static final int W_PREVIOUS =
      tag(WriteResult.PREVIOUS_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int W_EXPIRED_ON_WRITE =
      tag(WriteResult.EXPIRED_ON_WRITE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
  private static final int W_EXPIRED =
      tag(WriteResult.EXPIRED_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int W_EXPIRES_IN =
      tag(WriteResult.EXPIRES_IN_MILLIS_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);

  /**
   * What {@link #written(WriteResult)} makes of a serialized {@code SetResponse}, read as {@link
   * #readGetResponse} reads a get's; a previous value is a view of {@code payload}.
   *
   * @throws IOException (protobuf's InvalidProtocolBufferException) when the bytes do not parse
   */
  static WriteOutcome readSetResponse(byte[] payload) throws IOException {
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(payload).newCodedInput();
    in.enableAliasing(true);
    Written written = new Written();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == SET_RESULT) {
        written.readResult(in);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return written.outcome();
  }

  /**
   * What {@link #written(List)} makes of a serialized {@code SetBatchResponse}; previous values
   * are copies, as a getAll's values are.
   *
   * @throws IOException (protobuf's InvalidProtocolBufferException) when the bytes do not parse
   */
  static List<WriteOutcome> readSetBatchResponse(byte[] payload) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(payload);
    List<WriteOutcome> outcomes = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == SET_RESULTS) {
        Written written = new Written();
        written.readResult(in);
        outcomes.add(written.outcome());
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return outcomes;
  }

  /** The fields of one {@code WriteResult} as they are read. */
  private static final class Written {
    int outcome;
    long version;
    boolean hadPrevious;
    ByteString previous = ByteString.EMPTY;
    boolean expiredOnWrite;
    ExpiredEntry expired;
    long expiresIn;

    WriteOutcome outcome() {
      dev.cirrus.proto.v1.WriteOutcome known = dev.cirrus.proto.v1.WriteOutcome.forNumber(outcome);
      return new WriteOutcome(
          effect(known == null ? dev.cirrus.proto.v1.WriteOutcome.UNRECOGNIZED : known), version,
          hadPrevious, previous, expiredOnWrite, expired == null ? null : expired.getValue(),
          expiresIn);
    }

    /** Reads a length-delimited {@code WriteResult} into these fields, merging as protobuf does. */
    void readResult(CodedInputStream in) throws IOException {
      int outer = in.pushLimit(in.readRawVarint32());
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == W_OUTCOME) {
          outcome = in.readEnum();
        } else if (tag == W_VERSION) {
          version = in.readInt64();
        } else if (tag == W_HAD_PREVIOUS) {
          hadPrevious = in.readBool();
        } else if (tag == W_PREVIOUS) {
          previous = in.readBytes();
        } else if (tag == W_EXPIRED_ON_WRITE) {
          expiredOnWrite = in.readBool();
        } else if (tag == W_EXPIRED) {
          expired = mergeExpired(expired, in.readBytes());
        } else if (tag == W_EXPIRES_IN) {
          expiresIn = in.readInt64();
        } else if (!in.skipField(tag)) {
          break;
        }
      }
      in.popLimit(outer);
    }
  }

  /** An expired entry met again in one result merges into the first, as protobuf merges it. */
  private static ExpiredEntry mergeExpired(ExpiredEntry first, ByteString bytes)
      throws IOException {
    ExpiredEntry more = ExpiredEntry.parseFrom(bytes);
    return first == null ? more : first.toBuilder().mergeFrom(more).build();
  }

  static List<WriteOutcome> written(List<WriteResult> results) {
    List<WriteOutcome> outcomes = new ArrayList<>(results.size());
    for (WriteResult r : results) {
      outcomes.add(written(r));
    }
    return outcomes;
  }

  private static WriteOutcome.Effect effect(dev.cirrus.proto.v1.WriteOutcome outcome) {
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
