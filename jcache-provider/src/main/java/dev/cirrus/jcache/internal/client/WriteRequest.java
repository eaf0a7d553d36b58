package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A {@code SetRequest} or {@code SetBatchRequest} serialized straight from the client's {@link
 * EntryWrite} records, field by field, instead of through a protobuf builder and message per
 * write: for a putAll of small values those objects were a sixth of what the call allocated. The
 * bytes are exactly protobuf's for the same message (field numbers from the generated classes,
 * fields in number order, defaults left out); the gRPC path, which needs protobuf's own message,
 * parses them back ({@link #proto}).
 */
final class WriteRequest implements MessageLite {

  private final String cache;
  /** The writes; or null when they are {@link #keys} and {@link #values} on {@link #terms}. */
  private final List<EntryWrite> writes;
  private final List<ByteString> keys;
  private final List<ByteString> values;
  private final EntryWrite terms;
  /** The field the writes are in: {@code write} of a SetRequest, {@code writes} of a batch. */
  private final int writesField;
  private final Parser<? extends MessageLite> parser;
  /** Each write's serialized size, computed once for the sizes and again for the bytes. */
  private final int[] writeSizes;
  private final int size;

  private WriteRequest(String cache, List<EntryWrite> writes, List<ByteString> keys,
      List<ByteString> values, EntryWrite terms, int writesField,
      Parser<? extends MessageLite> parser) {
    this.cache = cache;
    this.writes = writes;
    this.keys = keys;
    this.values = values;
    this.terms = terms;
    this.writesField = writesField;
    this.parser = parser;
    this.writeSizes = new int[writes != null ? writes.size() : keys.size()];
    int total = cache.isEmpty() ? 0 : CodedOutputStream.computeStringSize(CACHE, cache);
    for (int i = 0; i < writeSizes.length; i++) {
      int s = writeSize(key(i), value(i), terms(i));
      writeSizes[i] = s;
      total += CodedOutputStream.computeTagSize(writesField)
          + CodedOutputStream.computeUInt32SizeNoTag(s) + s;
    }
    this.size = total;
  }

  /** A SetRequest of one write. */
  static WriteRequest set(String cache, EntryWrite write) {
    return new WriteRequest(cache, List.of(write), null, null, null,
        SetRequest.WRITE_FIELD_NUMBER, SetRequest.parser());
  }

  /** A SetBatchRequest of the writes, in their order. */
  static WriteRequest setBatch(String cache, List<EntryWrite> writes) {
    return new WriteRequest(cache, writes, null, null, null,
        SetBatchRequest.WRITES_FIELD_NUMBER, SetBatchRequest.parser());
  }

  /**
   * A SetBatchRequest of writes that differ only in their entry ({@code keys.get(i)} set to
   * {@code values.get(i)}), each on the condition and TTLs of {@code terms} (whose key and value
   * are not used, and which expects no value): a putAll, without a record per entry.
   */
  static WriteRequest setBatch(String cache, List<ByteString> keys, List<ByteString> values,
      EntryWrite terms) {
    if (keys.size() != values.size()) {
      throw new IllegalArgumentException(keys.size() + " keys for " + values.size() + " values");
    }
    if (terms.expectedValue() != null) {
      throw new IllegalArgumentException("writes of one batch that expect a value each expect"
          + " their own: give them as EntryWrite records");
    }
    return new WriteRequest(cache, null, keys, values, terms,
        SetBatchRequest.WRITES_FIELD_NUMBER, SetBatchRequest.parser());
  }

  private ByteString key(int i) {
    return writes != null ? writes.get(i).key() : keys.get(i);
  }

  private ByteString value(int i) {
    return writes != null ? writes.get(i).value() : values.get(i);
  }

  /** The write whose fields besides key and value the {@code i}th write has. */
  private EntryWrite terms(int i) {
    return writes != null ? writes.get(i) : terms;
  }

  private static final int CACHE = SetRequest.CACHE_FIELD_NUMBER;

  static {
    if (SetBatchRequest.CACHE_FIELD_NUMBER != CACHE) {
      throw new AssertionError("SetRequest and SetBatchRequest name their cache alike");
    }
  }

  private static int writeSize(ByteString key, ByteString value, EntryWrite w) {
    int size = bytesSize(Write.KEY_FIELD_NUMBER, key) + bytesSize(Write.VALUE_FIELD_NUMBER, value);
    int condition = V1Messages.condition(w.condition()).getNumber();
    if (condition != 0) {
      size += CodedOutputStream.computeEnumSize(Write.CONDITION_FIELD_NUMBER, condition);
    }
    size += bytesSize(Write.EXPECTED_VALUE_FIELD_NUMBER, w.expectedValue());
    if (w.expectedVersion() != 0) {
      size += CodedOutputStream.computeInt64Size(
          Write.EXPECTED_VERSION_FIELD_NUMBER, w.expectedVersion());
    }
    size += ttlSize(Write.CREATE_TTL_FIELD_NUMBER, w.createTtl())
        + ttlSize(Write.UPDATE_TTL_FIELD_NUMBER, w.updateTtl())
        + ttlSize(Write.NOT_APPLIED_ACCESS_TTL_FIELD_NUMBER, w.notAppliedAccessTtl());
    if (w.returnPrevious()) {
      size += CodedOutputStream.computeBoolSize(Write.RETURN_PREVIOUS_FIELD_NUMBER, true);
    }
    return size;
  }

  private static void writeWrite(CodedOutputStream out, ByteString key, ByteString value,
      EntryWrite w) throws IOException {
    writeBytes(out, Write.KEY_FIELD_NUMBER, key);
    writeBytes(out, Write.VALUE_FIELD_NUMBER, value);
    int condition = V1Messages.condition(w.condition()).getNumber();
    if (condition != 0) {
      out.writeEnum(Write.CONDITION_FIELD_NUMBER, condition);
    }
    writeBytes(out, Write.EXPECTED_VALUE_FIELD_NUMBER, w.expectedValue());
    if (w.expectedVersion() != 0) {
      out.writeInt64(Write.EXPECTED_VERSION_FIELD_NUMBER, w.expectedVersion());
    }
    writeTtl(out, Write.CREATE_TTL_FIELD_NUMBER, w.createTtl());
    writeTtl(out, Write.UPDATE_TTL_FIELD_NUMBER, w.updateTtl());
    writeTtl(out, Write.NOT_APPLIED_ACCESS_TTL_FIELD_NUMBER, w.notAppliedAccessTtl());
    if (w.returnPrevious()) {
      out.writeBool(Write.RETURN_PREVIOUS_FIELD_NUMBER, true);
    }
  }

  // proto3: an empty bytes field is not sent; a set message field is, even when empty.

  private static int bytesSize(int field, ByteString bytes) {
    return bytes == null || bytes.isEmpty() ? 0 : CodedOutputStream.computeBytesSize(field, bytes);
  }

  private static void writeBytes(CodedOutputStream out, int field, ByteString bytes)
      throws IOException {
    if (bytes != null && !bytes.isEmpty()) {
      out.writeBytes(field, bytes);
    }
  }

  private static int ttlSize(int field, Ttl ttl) {
    return ttl == null ? 0 : CodedOutputStream.computeMessageSize(field, ttl.wire());
  }

  private static void writeTtl(CodedOutputStream out, int field, Ttl ttl) throws IOException {
    if (ttl != null) {
      out.writeMessage(field, ttl.wire());
    }
  }

  @Override
  public void writeTo(CodedOutputStream out) throws IOException {
    if (!cache.isEmpty()) {
      out.writeString(CACHE, cache);
    }
    for (int i = 0; i < writeSizes.length; i++) {
      out.writeTag(writesField, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(writeSizes[i]);
      writeWrite(out, key(i), value(i), terms(i));
    }
  }

  @Override
  public int getSerializedSize() {
    return size;
  }

  /** Protobuf's message of these bytes: a {@code SetRequest} or a {@code SetBatchRequest}. */
  MessageLite proto() {
    try {
      return parser.parseFrom(toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a write request that does not parse back", e);
    }
  }

  @Override
  public byte[] toByteArray() {
    byte[] bytes = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to an array", e);
    }
    out.checkNoSpaceLeft();
    return bytes;
  }

  @Override
  public ByteString toByteString() {
    return UnsafeByteOperations.unsafeWrap(toByteArray());
  }

  @Override
  public void writeTo(OutputStream output) throws IOException {
    CodedOutputStream out = CodedOutputStream.newInstance(output);
    writeTo(out);
    out.flush();
  }

  @Override
  public void writeDelimitedTo(OutputStream output) throws IOException {
    CodedOutputStream out = CodedOutputStream.newInstance(output);
    out.writeUInt32NoTag(size);
    writeTo(out);
    out.flush();
  }

  @Override
  public Parser<? extends MessageLite> getParserForType() {
    return parser;
  }

  @Override
  public Builder newBuilderForType() {
    return proto().newBuilderForType();
  }

  @Override
  public Builder toBuilder() {
    return proto().toBuilder();
  }

  @Override
  public MessageLite getDefaultInstanceForType() {
    return proto().getDefaultInstanceForType();
  }

  @Override
  public boolean isInitialized() {
    return true;
  }
}
