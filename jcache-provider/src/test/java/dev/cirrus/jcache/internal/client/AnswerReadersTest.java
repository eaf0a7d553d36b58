package dev.cirrus.jcache.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import dev.cirrus.proto.v1.ExpiredEntry;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SetBatchResponse;
import dev.cirrus.proto.v1.SetResponse;
import dev.cirrus.proto.v1.WriteResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data path reads the answers of Get, GetBatch, Set and SetBatch field by field ({@link
 * AnswerReaders}); each must make of any message exactly what protobuf's parser and {@link
 * V1Messages#read} or {@link V1Messages#written} make of it.
 */
class AnswerReadersTest {

  @Test
  void anyAnswer_readsAsProtobufReadsIt() throws Exception {
    Random random = new Random(17);
    for (int i = 0; i < 2_000; i++) {
      GetResponse message = randomResponse(random);
      assertSameOutcome(message.toByteArray());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anyBatchAnswer_readsAsProtobufReadsIt_withValuesCopiedOrViewed(boolean views)
      throws Exception {
    Random random = new Random(29);
    for (int i = 0; i < 300; i++) {
      GetBatchResponse.Builder batch = GetBatchResponse.newBuilder();
      int size = random.nextInt(30);
      for (int j = 0; j < size; j++) {
        batch.addResults(randomResponse(random).getResult());
      }
      byte[] bytes = batch.build().toByteArray();
      assertEquals(V1Messages.reads(GetBatchResponse.parseFrom(bytes).getResultsList()),
          views ? AnswerReaders.getBatchResponseViews(bytes)
              : AnswerReaders.getBatchResponse(bytes));
    }
  }

  @Test
  void aBatchsValuesAreCopies_thatKeepNoneOfTheAnswerAlive() throws Exception {
    byte[] payload = GetBatchResponse.newBuilder().addResults(ReadResult.newBuilder()
        .setFound(true).setValue(bytes("value"))).build().toByteArray();
    List<ReadOutcome> outcomes = AnswerReaders.getBatchResponse(payload);
    payload[indexOf(payload, "value".getBytes())] = 'V';
    assertEquals("value", outcomes.get(0).value().toStringUtf8());
  }

  @Test
  void anyWriteAnswer_readsAsProtobufReadsIt() throws Exception {
    Random random = new Random(31);
    for (int i = 0; i < 2_000; i++) {
      WriteResult result = randomWrite(random);
      byte[] single = SetResponse.newBuilder().setResult(result).build().toByteArray();
      assertEquals(V1Messages.written(SetResponse.parseFrom(single).getResult()),
          AnswerReaders.setResponse(single));
    }
    for (int i = 0; i < 300; i++) {
      SetBatchResponse.Builder batch = SetBatchResponse.newBuilder();
      int size = random.nextInt(30);
      for (int j = 0; j < size; j++) {
        batch.addResults(randomWrite(random));
      }
      byte[] bytes = batch.build().toByteArray();
      assertEquals(V1Messages.written(SetBatchResponse.parseFrom(bytes).getResultsList()),
          AnswerReaders.setBatchResponse(bytes));
    }
  }

  @Test
  void anEmptyAnswer_isAMiss() throws Exception {
    ReadOutcome outcome = AnswerReaders.getResponse(new byte[0]);
    assertEquals(new ReadOutcome(false, ByteString.EMPTY, 0, 0, null), outcome);
    assertNull(outcome.expiredValue());
  }

  @Test
  void fieldsMetTwice_endAsProtobufLeavesThem() throws Exception {
    ReadResult first = ReadResult.newBuilder().setFound(true).setValue(bytes("a")).setVersion(3)
        .setExpired(ExpiredEntry.newBuilder().setValue(bytes("old")).setVersion(1)).build();
    ReadResult second = ReadResult.newBuilder().setVersion(9)
        .setExpired(ExpiredEntry.newBuilder().setVersion(2)).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GetResponse.newBuilder().setResult(first).build().writeTo(out);
    GetResponse.newBuilder().setResult(second).build().writeTo(out);
    assertSameOutcome(out.toByteArray());
  }

  @Test
  void aValueIsAViewOfTheAnswer_notACopy() throws Exception {
    byte[] payload = GetResponse.newBuilder().setResult(ReadResult.newBuilder().setFound(true)
        .setValue(bytes("value"))).build().toByteArray();
    ReadOutcome outcome = AnswerReaders.getResponse(payload);
    int at = indexOf(payload, "value".getBytes());
    payload[at] = 'V';
    assertEquals("Value", outcome.value().toStringUtf8());
  }

  @Test
  void truncatedOrCorruptBytes_failToParse() {
    byte[] payload = GetResponse.newBuilder().setResult(ReadResult.newBuilder().setFound(true)
        .setValue(bytes("a value of some length"))).build().toByteArray();
    assertThrows(InvalidProtocolBufferException.class,
        () -> AnswerReaders.getResponse(Arrays.copyOf(payload, payload.length - 3)));
    assertThrows(InvalidProtocolBufferException.class,
        () -> AnswerReaders.getResponse(new byte[] {(byte) 0x0a, (byte) 0xff}));
  }

  @Test
  void anyAnswer_readFromTheConnection_readsAsProtobufReadsIt_andTakesExactlyItsBytes()
      throws Exception {
    Random random = new Random(41);
    for (int i = 0; i < 500; i++) {
      ByteArrayOutputStream twoAnswers = new ByteArrayOutputStream();
      GetResponse.newBuilder().setResult(randomResponse(random).getResult()
          .toBuilder().setValue(randomBytes(random, 40_000))).build().writeTo(twoAnswers);
      if (random.nextInt(5) == 0) {
        // a field met twice, the second value smaller than the first
        GetResponse.newBuilder().setResult(ReadResult.newBuilder().setValue(randomBytes(random,
            100))).build().writeTo(twoAnswers);
      }
      byte[] answer = twoAnswers.toByteArray();
      twoAnswers.write(new byte[] {42, 43});
      InputStream connection = new ByteArrayInputStream(twoAnswers.toByteArray());
      ReadOutcome outcome = AnswerReaders.getResponse(connection, answer.length);
      assertEquals(V1Messages.read(GetResponse.parseFrom(answer).getResult()), outcome);
      assertEquals(42, connection.read(), "the bytes after the answer are left to the next");
      if (outcome.valueRest() != null) {
        assertEquals(outcome.value().substring(1),
            UnsafeByteOperations.unsafeWrap(outcome.valueRest()));
      }
    }
  }

  @Test
  void aLargeValueReadFromTheConnection_isAnArrayOfItsOwn_aSmallOneIsNot() throws Exception {
    byte[] large = new byte[AnswerReaders.APART_FROM + 1];
    large[0] = 4;
    large[1] = 7;
    byte[] answer = GetResponse.newBuilder().setResult(ReadResult.newBuilder().setFound(true)
        .setValue(ByteString.copyFrom(large))).build().toByteArray();
    ReadOutcome outcome = AnswerReaders.getResponse(new ByteArrayInputStream(answer),
        answer.length);
    assertEquals(large.length - 1, outcome.valueRest().length);
    assertEquals(7, outcome.valueRest()[0]);
    byte[] small = GetResponse.newBuilder().setResult(ReadResult.newBuilder().setFound(true)
        .setValue(bytes("small"))).build().toByteArray();
    assertNull(AnswerReaders.getResponse(new ByteArrayInputStream(small), small.length)
        .valueRest());
  }

  @Test
  void anAnswerCutShortOnTheConnection_orCorrupt_failsToParse() {
    byte[] value = new byte[20_000];
    byte[] answer = GetResponse.newBuilder().setResult(ReadResult.newBuilder().setFound(true)
        .setValue(ByteString.copyFrom(value))).build().toByteArray();
    // The connection ends inside the answer: an I/O failure, not a message that does not parse.
    assertThrows(EOFException.class, () -> AnswerReaders.getResponse(
        new ByteArrayInputStream(Arrays.copyOf(answer, answer.length - 5)), answer.length));
    // The answer's length says less than its value's: a message that does not parse.
    assertThrows(InvalidProtocolBufferException.class, () -> AnswerReaders.getResponse(
        new ByteArrayInputStream(answer), answer.length - 5));
  }

  private static void assertSameOutcome(byte[] bytes) throws Exception {
    ReadOutcome expected = V1Messages.read(GetResponse.parseFrom(bytes).getResult());
    assertEquals(expected, AnswerReaders.getResponse(bytes));
  }

  private static GetResponse randomResponse(Random random) {
    GetResponse.Builder response = GetResponse.newBuilder();
    if (random.nextInt(10) == 0) {
      return response.build();
    }
    ReadResult.Builder result = ReadResult.newBuilder();
    if (random.nextBoolean()) {
      result.setFound(true);
    }
    if (random.nextBoolean()) {
      result.setValue(randomBytes(random, random.nextInt(3) == 0 ? 70_000 : 300));
    }
    if (random.nextBoolean()) {
      result.setVersion(random.nextInt(3) == 0 ? -random.nextLong() : random.nextLong() >>> 1);
    }
    if (random.nextBoolean()) {
      result.setExpiresInMillis(random.nextInt(1_000_000));
    }
    if (random.nextInt(4) == 0) {
      result.setExpired(ExpiredEntry.newBuilder().setValue(randomBytes(random, 200))
          .setVersion(random.nextInt(100)));
    }
    if (random.nextInt(4) == 0) {
      // fields a newer server may add: skipped, as protobuf skips them
      result.setUnknownFields(UnknownFieldSet.newBuilder()
          .addField(40, UnknownFieldSet.Field.newBuilder().addVarint(random.nextLong())
              .addLengthDelimited(randomBytes(random, 30)).addFixed64(7).build())
          .build());
    }
    response.setResult(result);
    if (random.nextInt(4) == 0) {
      response.setUnknownFields(UnknownFieldSet.newBuilder()
          .addField(2, UnknownFieldSet.Field.newBuilder().addFixed32(5).build()).build());
    }
    return response.build();
  }

  private static WriteResult randomWrite(Random random) {
    WriteResult.Builder result = WriteResult.newBuilder();
    if (random.nextInt(5) > 0) {
      // the known outcomes and, now and then, one a newer server might send
      result.setOutcomeValue(random.nextInt(8) == 0 ? 9 : random.nextInt(4));
    }
    if (random.nextBoolean()) {
      result.setVersion(random.nextLong());
    }
    if (random.nextBoolean()) {
      result.setHadPrevious(true).setPreviousValue(randomBytes(random, 500));
    }
    if (random.nextInt(5) == 0) {
      result.setExpiredOnWrite(true);
    }
    if (random.nextInt(4) == 0) {
      result.setExpired(ExpiredEntry.newBuilder().setValue(randomBytes(random, 100)));
    }
    if (random.nextBoolean()) {
      result.setExpiresInMillis(random.nextInt(1 << 30));
    }
    if (random.nextInt(4) == 0) {
      result.setUnknownFields(UnknownFieldSet.newBuilder()
          .addField(33, UnknownFieldSet.Field.newBuilder().addVarint(3).build()).build());
    }
    return result.build();
  }

  private static ByteString randomBytes(Random random, int bound) {
    byte[] bytes = new byte[random.nextInt(bound + 1)];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  private static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
