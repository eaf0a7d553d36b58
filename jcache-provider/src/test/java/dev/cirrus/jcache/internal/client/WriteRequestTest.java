package dev.cirrus.jcache.internal.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Set and SetBatch requests are serialized straight from the client's records ({@link
 * WriteRequest}); their bytes must be exactly those of protobuf's own message built from the same
 * records, every way they are written out, and parse back to it for the gRPC path.
 */
class WriteRequestTest {

  private static final EntryWrite.Condition[] CONDITIONS = EntryWrite.Condition.values();

  @Test
  void anySet_isProtobufsBytes() throws Exception {
    Random random = new Random(41);
    for (int i = 0; i < 2_000; i++) {
      String cache = random.nextInt(10) == 0 ? "" : "cache-" + random.nextInt(1000);
      EntryWrite write = randomWrite(random);
      SetRequest expected = SetRequest.newBuilder().setCache(cache).setWrite(proto(write)).build();
      assertSameBytes(expected, WriteRequest.set(cache, write));
    }
  }

  @Test
  void anyBatch_isProtobufsBytes() throws Exception {
    Random random = new Random(43);
    for (int i = 0; i < 300; i++) {
      List<EntryWrite> writes = new ArrayList<>();
      SetBatchRequest.Builder expected = SetBatchRequest.newBuilder().setCache("c" + i);
      int size = random.nextInt(40);
      for (int j = 0; j < size; j++) {
        EntryWrite write = randomWrite(random);
        writes.add(write);
        expected.addWrites(proto(write));
      }
      assertSameBytes(expected.build(), WriteRequest.setBatch("c" + i, writes));
    }
  }

  @Test
  void aBatchOfEntriesOnOneWritesTerms_isProtobufsBytesOfThoseWrites() throws Exception {
    Random random = new Random(47);
    for (int i = 0; i < 300; i++) {
      EntryWrite terms = randomWrite(random);
      terms = new EntryWrite(null, null, terms.condition(), null, terms.expectedVersion(),
          terms.createTtl(), terms.updateTtl(), terms.notAppliedAccessTtl(),
          terms.returnPrevious());
      List<ByteString> keys = new ArrayList<>();
      List<ByteString> values = new ArrayList<>();
      SetBatchRequest.Builder expected = SetBatchRequest.newBuilder().setCache("c");
      int size = random.nextInt(40);
      for (int j = 0; j < size; j++) {
        ByteString key = randomBytes(random, 40);
        ByteString value = randomBytes(random, 300);
        keys.add(key);
        values.add(value);
        expected.addWrites(proto(new EntryWrite(key, value, terms.condition(), null,
            terms.expectedVersion(), terms.createTtl(), terms.updateTtl(),
            terms.notAppliedAccessTtl(), terms.returnPrevious())));
      }
      assertSameBytes(expected.build(), WriteRequest.setBatch("c", keys, values, terms));
    }
  }

  @Test
  void aBatchOnOneWritesTerms_refusesTermsThatExpectAValue_andUnpairedEntries() {
    EntryWrite expecting = new EntryWrite(null, null, EntryWrite.Condition.VALUE_EQUALS,
        ByteString.copyFromUtf8("v"), 0, null, null, null, false);
    assertThrows(IllegalArgumentException.class,
        () -> WriteRequest.setBatch("c", List.of(), List.of(), expecting));
    EntryWrite plain = EntryWrite.of(null, null, EntryWrite.Condition.ALWAYS, null, null, false);
    assertThrows(IllegalArgumentException.class, () -> WriteRequest.setBatch("c",
        List.of(ByteString.copyFromUtf8("k")), List.of(), plain));
  }

  @Test
  void aLargeBatch_writtenThroughAStream_isProtobufsBytes() throws Exception {
    Random random = new Random(53);
    List<EntryWrite> writes = new ArrayList<>();
    SetBatchRequest.Builder expected = SetBatchRequest.newBuilder().setCache("big");
    for (int j = 0; j < 50; j++) {
      EntryWrite write = EntryWrite.of(randomBytes(random, 20), randomBytes(random, 20_000),
          EntryWrite.Condition.ALWAYS, Ttl.ofMillis(60_000), null, true);
      writes.add(write);
      expected.addWrites(proto(write));
    }
    WriteRequest request = WriteRequest.setBatch("big", writes);
    assertSameBytes(expected.build(), request);
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    Frames.writeRequest(streamed, V1Method.SET_BATCH, request, request.getSerializedSize());
    assertArrayEquals(Frames.request(V1Method.SET_BATCH, expected.build()),
        streamed.toByteArray());
  }

  private static void assertSameBytes(MessageLite expected, WriteRequest actual)
      throws Exception {
    byte[] bytes = expected.toByteArray();
    assertEquals(bytes.length, actual.getSerializedSize());
    assertArrayEquals(bytes, actual.toByteArray());
    assertEquals(expected.toByteString(), actual.toByteString());
    byte[] into = new byte[bytes.length];
    CodedOutputStream coded = CodedOutputStream.newInstance(into);
    actual.writeTo(coded);
    coded.checkNoSpaceLeft();
    assertArrayEquals(bytes, into);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    actual.writeTo(stream);
    assertArrayEquals(bytes, stream.toByteArray());
    ByteArrayOutputStream delimited = new ByteArrayOutputStream();
    actual.writeDelimitedTo(delimited);
    ByteArrayOutputStream expectedDelimited = new ByteArrayOutputStream();
    expected.writeDelimitedTo(expectedDelimited);
    assertArrayEquals(expectedDelimited.toByteArray(), delimited.toByteArray());
    assertEquals(expected, actual.proto());
    assertEquals(expected, actual.getParserForType().parseFrom(bytes));
    assertEquals(expected.getDefaultInstanceForType(), actual.getDefaultInstanceForType());
    assertEquals(expected, actual.toBuilder().build());
  }

  /** The Write protobuf's builder makes of a record, as the client once sent it. */
  private static Write proto(EntryWrite w) {
    Write.Builder write = Write.newBuilder().setKey(w.key()).setValue(w.value())
        .setCondition(V1Messages.condition(w.condition())).setExpectedVersion(w.expectedVersion())
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

  private static EntryWrite randomWrite(Random random) {
    return new EntryWrite(randomBytes(random, 40), randomBytes(random, 300),
        CONDITIONS[random.nextInt(CONDITIONS.length)],
        random.nextBoolean() ? null : randomBytes(random, 50),
        random.nextInt(4) == 0 ? 0 : random.nextLong() >>> random.nextInt(64),
        randomTtl(random), randomTtl(random), randomTtl(random), random.nextBoolean());
  }

  /** Empty a fifth of the time: proto3 leaves an empty bytes field out. */
  private static ByteString randomBytes(Random random, int max) {
    byte[] bytes = new byte[random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(max)];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  private static Ttl randomTtl(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> null;
      case 1 -> Ttl.ETERNAL;
      case 2 -> Ttl.UNCHANGED;
      case 3 -> Ttl.ZERO;
      case 4 -> Ttl.ofMillis(1 + random.nextInt(1000));
      default -> Ttl.ofMillis(random.nextLong() >>> 2);
    };
  }
}
