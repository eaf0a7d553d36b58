package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.cirrus.proto.v1.ExpiredEntry;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SetBatchResponse;
import dev.cirrus.proto.v1.SetResponse;
import dev.cirrus.proto.v1.WriteResult;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers of the hottest data path calls (Get, GetBatch, Set, SetBatch) read from their bytes
 * straight into the client's records, field by field, instead of through protobuf's builders: a
 * builder per message and per nested result was about a third of the client's CPU per get.
 * Each makes of any message exactly what protobuf's parser and {@link V1Messages#read} or {@link
 * V1Messages#written} make of it: field numbers from the generated classes, a field met twice
 * ends as protobuf leaves it (the last scalar; expired entries merged), unknown fields skipped.
 *
 * <p>A single call's value is a view of its answer, which is the call's own array and nothing
 * writes afterwards, or for a large get read apart from the connection; a batch's values are
 * copies, since each view would keep the whole answer alive (in a near cache, for long). Every
 * reader throws protobuf's {@code InvalidProtocolBufferException} (an {@link IOException}) for
 * bytes that do not parse.
 */
final class AnswerReaders {

  private AnswerReaders() {}

  /** A field's tag on the wire: its number and the wire type that follows (protobuf's encoding). */
  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  private static int message(int field) {
    return tag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  }

  private static int varint(int field) {
    return tag(field, WireFormat.WIRETYPE_VARINT);
  }

  static ReadOutcome getResponse(byte[] payload) throws IOException {
    return single(aliasing(payload), GET_RESULT, new Read(false));
  }

  /**
   * Answers of at least this many bytes are best read from the connection by {@link
   * #getResponse(InputStream, int)}: below it, the array of the whole answer costs less than the
   * stream reader's own buffer and objects.
   */
  static final int APART_FROM = 8 * 1024;

  /**
   * A Get's answer of {@code length} bytes read from {@code in}, exactly those bytes taken: a
   * value of {@link #APART_FROM} bytes or more is read straight into an array of its own after
   * its first byte (see {@link ReadOutcome#valueRest}), so a large byte[] value reaches its caller
   * with no copy of itself made on the way; the whole answer is never held in one array.
   *
   * @param in trusted for {@code length} bytes: that many are read into arrays of their size
   */
  static ReadOutcome getResponse(InputStream in, int length) throws IOException {
    AnswerBytes bytes = new AnswerBytes(in, length);
    ReadOutcome outcome = single(CodedInputStream.newInstance(bytes, 128), GET_RESULT,
        new Read(true));
    bytes.skipRest();
    return outcome;
  }

  static List<ReadOutcome> getBatchResponse(byte[] payload) throws IOException {
    return repeated(CodedInputStream.newInstance(payload),
        message(GetBatchResponse.RESULTS_FIELD_NUMBER), new Read(false));
  }

  /**
   * A GetBatch's answer whose values are views of {@code payload}, not copies: for a caller that
   * decodes each value at once and keeps none of their bytes (no near cache), so that each value
   * is copied once, by its decoding, and the answer is garbage straight after.
   */
  static List<ReadOutcome> getBatchResponseViews(byte[] payload) throws IOException {
    return repeated(aliasing(payload), message(GetBatchResponse.RESULTS_FIELD_NUMBER),
        new Read(false));
  }

  static WriteOutcome setResponse(byte[] payload) throws IOException {
    return single(aliasing(payload), message(SetResponse.RESULT_FIELD_NUMBER), new Written());
  }

  static List<WriteOutcome> setBatchResponse(byte[] payload) throws IOException {
    return repeated(CodedInputStream.newInstance(payload),
        message(SetBatchResponse.RESULTS_FIELD_NUMBER), new Written());
  }

  /** The fields of one result message, filled as its bytes are read. */
  private abstract static class Result<T> {
    /** Reads the field with {@code tag}; false when it is not one of this message's. */
    abstract boolean readField(int tag, CodedInputStream in) throws IOException;

    abstract T outcome();

    /** Forgets what was read, for the next result of a batch. */
    abstract void clear();

    /** Reads a length-delimited result into these fields, merging as protobuf does. */
    final void read(CodedInputStream in) throws IOException {
      int outer = in.pushLimit(in.readRawVarint32());
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (!readField(tag, in) && !in.skipField(tag)) {
          break;
        }
      }
      in.popLimit(outer);
    }
  }

  private static final int GET_RESULT = message(GetResponse.RESULT_FIELD_NUMBER);

  /** A reader of {@code payload} whose bytes fields are views of it, not copies. */
  private static CodedInputStream aliasing(byte[] payload) {
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(payload).newCodedInput();
    in.enableAliasing(true);
    return in;
  }

  /** A message whose field {@code tag} is the one result. */
  private static <T> T single(CodedInputStream in, int tag, Result<T> result) throws IOException {
    for (int t = in.readTag(); t != 0; t = in.readTag()) {
      if (t == tag) {
        result.read(in);
      } else if (!in.skipField(t)) {
        break;
      }
    }
    return result.outcome();
  }

  /**
   * A message whose field {@code tag} repeats one result per item, its values copied out unless
   * {@code in} aliases; one {@code result} reads them all in turn.
   */
  private static <T> List<T> repeated(CodedInputStream in, int tag, Result<T> result)
      throws IOException {
    List<T> outcomes = new ArrayList<>();
    for (int t = in.readTag(); t != 0; t = in.readTag()) {
      if (t == tag) {
        result.clear();
        result.read(in);
        outcomes.add(result.outcome());
      } else if (!in.skipField(t)) {
        break;
      }
    }
    return outcomes;
  }

  /** An expired entry met again in one result merges into the first, as protobuf merges it. */
  private static ExpiredEntry mergeExpired(ExpiredEntry first, ByteString bytes)
      throws IOException {
    ExpiredEntry more = ExpiredEntry.parseFrom(bytes);
    return first == null ? more : first.toBuilder().mergeFrom(more).build();
  }

  private static final int FOUND = varint(ReadResult.FOUND_FIELD_NUMBER);
  private static final int VALUE = message(ReadResult.VALUE_FIELD_NUMBER);
  private static final int VERSION = varint(ReadResult.VERSION_FIELD_NUMBER);
  private static final int EXPIRED = message(ReadResult.EXPIRED_FIELD_NUMBER);
  private static final int EXPIRES_IN = varint(ReadResult.EXPIRES_IN_MILLIS_FIELD_NUMBER);

  /** A {@code ReadResult}. */
  private static final class Read extends Result<ReadOutcome> {
    /** Whether a large value is read apart (see {@link ReadOutcome#valueRest}). */
    private final boolean apart;
    private boolean found;
    private ByteString value = ByteString.EMPTY;
    private byte[] valueRest;
    private long version;
    private long expiresIn;
    private ExpiredEntry expired;

    Read(boolean apart) {
      this.apart = apart;
    }

    @Override
    boolean readField(int tag, CodedInputStream in) throws IOException {
      if (tag == FOUND) {
        found = in.readBool();
      } else if (tag == VALUE) {
        readValue(in);
      } else if (tag == VERSION) {
        version = in.readInt64();
      } else if (tag == EXPIRES_IN) {
        expiresIn = in.readInt64();
      } else if (tag == EXPIRED) {
        expired = mergeExpired(expired, in.readBytes());
      } else {
        return false;
      }
      return true;
    }

    private void readValue(CodedInputStream in) throws IOException {
      valueRest = null;
      if (!apart) {
        value = in.readBytes();
        return;
      }
      int length = in.readRawVarint32();
      if (length < APART_FROM) {
        // readRawBytes checks the length (negative, beyond the answer) as readBytes does.
        value = UnsafeByteOperations.unsafeWrap(in.readRawBytes(length));
        return;
      }
      byte[] first = {in.readRawByte()};
      valueRest = in.readRawBytes(length - 1);
      value = UnsafeByteOperations.unsafeWrap(first)
          .concat(UnsafeByteOperations.unsafeWrap(valueRest));
    }

    @Override
    void clear() {
      found = false;
      value = ByteString.EMPTY;
      valueRest = null;
      version = 0;
      expiresIn = 0;
      expired = null;
    }

    @Override
    ReadOutcome outcome() {
      return new ReadOutcome(found, value, version, expiresIn,
          expired == null ? null : expired.getValue(), valueRest);
    }
  }

  /**
   * The bytes of one answer on the connection: ends after {@code length} bytes, and says they
   * are all available, so that protobuf's stream reader reads a large field straight into one
   * array of its size instead of in chunks copied together afterwards.
   */
  private static final class AnswerBytes extends InputStream {
    private final InputStream in;
    private int left;

    AnswerBytes(InputStream in, int length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw truncated();
      }
      left--;
      return b;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (left == 0) {
        return -1;
      }
      int n = in.read(into, offset, Math.min(length, left));
      if (n < 0) {
        throw truncated();
      }
      left -= n;
      return n;
    }

    @Override
    public int available() {
      return left;
    }

    /** Takes what the reader left of the answer (fields after an end it met), so none stays. */
    void skipRest() throws IOException {
      in.skipNBytes(left);
      left = 0;
    }

    private static EOFException truncated() {
      return new EOFException("the connection ended inside an answer");
    }
  }

  private static final int W_OUTCOME = varint(WriteResult.OUTCOME_FIELD_NUMBER);
  private static final int W_VERSION = varint(WriteResult.VERSION_FIELD_NUMBER);
  private static final int W_HAD_PREVIOUS = varint(WriteResult.HAD_PREVIOUS_FIELD_NUMBER);
  private static final int W_PREVIOUS = message(WriteResult.PREVIOUS_VALUE_FIELD_NUMBER);
  private static final int W_EXPIRED_ON_WRITE = varint(WriteResult.EXPIRED_ON_WRITE_FIELD_NUMBER);
  private static final int W_EXPIRED = message(WriteResult.EXPIRED_FIELD_NUMBER);
  private static final int W_EXPIRES_IN = varint(WriteResult.EXPIRES_IN_MILLIS_FIELD_NUMBER);

  /** A {@code WriteResult}. */
  private static final class Written extends Result<WriteOutcome> {
    private int outcome;
    private long version;
    private boolean hadPrevious;
    private ByteString previous = ByteString.EMPTY;
    private boolean expiredOnWrite;
    private ExpiredEntry expired;
    private long expiresIn;

    @Override
    boolean readField(int tag, CodedInputStream in) throws IOException {
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
      } else {
        return false;
      }
      return true;
    }

    @Override
    void clear() {
      outcome = 0;
      version = 0;
      hadPrevious = false;
      previous = ByteString.EMPTY;
      expiredOnWrite = false;
      expired = null;
      expiresIn = 0;
    }

    @Override
    WriteOutcome outcome() {
      dev.cirrus.proto.v1.WriteOutcome known = dev.cirrus.proto.v1.WriteOutcome.forNumber(outcome);
      return new WriteOutcome(
          V1Messages.effect(known == null ? dev.cirrus.proto.v1.WriteOutcome.UNRECOGNIZED : known),
          version, hadPrevious, previous, expiredOnWrite,
          expired == null ? null : expired.getValue(), expiresIn);
    }
  }
}
