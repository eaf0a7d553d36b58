package dev.cirrus.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ReadResult;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {
  @Test
  void helloBytesAreTheReleasedFormat() throws IOException {
    byte[] frame = Frames.hello("Bearer t", "c1");
    byte[] expected = ByteBuffer.allocate(4 + 1 + 4 + 8 + 4 + 2)
        .putInt(1 + 4 + 8 + 4 + 2).put((byte) 1)
        .putInt(8).put("Bearer t".getBytes(StandardCharsets.US_ASCII))
        .putInt(2).put("c1".getBytes(StandardCharsets.US_ASCII))
        .array();
    assertArrayEquals(expected, frame);
    Frames.Frame read = read(frame);
    assertEquals(Frames.HELLO, read.kind());
    assertEquals(new Frames.HelloPayload("Bearer t", "c1"), Frames.parseHello(read.payload()));
  }

  @Test
  void requestBytesAreKindMethodNumberThenTheMessage() throws IOException {
    GetRequest get = GetRequest.newBuilder().setCache("c").setKey(ByteString.copyFromUtf8("k")).build();
    byte[] message = get.toByteArray();
    byte[] frame = Frames.request(V1Method.GET, get);
    byte[] expected = ByteBuffer.allocate(6 + message.length)
        .putInt(2 + message.length).put((byte) 2).put((byte) 1).put(message).array();
    assertArrayEquals(expected, frame);
    Frames.Frame read = read(frame);
    assertEquals(V1Method.GET, V1Method.ofNumber(read.payload()[0]));
    assertEquals(get, GetRequest.parser().parseFrom(read.payload(), 1, read.payload().length - 1));
  }

  @Test
  void aRequestWrittenAsItIsSerialized_isTheSameBytes_smallOrLarge() throws IOException {
    for (int valueBytes : new int[] {0, 100, Frames.STREAM_BUFFER - 20, Frames.STREAM_BUFFER,
        100 * 1024}) {
      byte[] value = new byte[valueBytes];
      new java.util.Random(valueBytes).nextBytes(value);
      dev.cirrus.proto.v1.SetRequest set = dev.cirrus.proto.v1.SetRequest.newBuilder()
          .setCache("c").setWrite(dev.cirrus.proto.v1.Write.newBuilder()
              .setKey(ByteString.copyFromUtf8("k"))
              .setValue(com.google.protobuf.UnsafeByteOperations.unsafeWrap(value))).build();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      Frames.writeRequest(out, V1Method.SET, set, set.getSerializedSize());
      assertArrayEquals(Frames.request(V1Method.SET, set), out.toByteArray(), valueBytes + " bytes");
    }
    assertThrows(IllegalArgumentException.class, () -> Frames.writeRequest(
        new java.io.ByteArrayOutputStream(), V1Method.SUBSCRIBE, GetRequest.getDefaultInstance(), 0));
  }

  @Test
  void aRequestMadeInAKeptBuffer_isTheSameBytes_andTheRestOfTheBufferIsLeftAlone() {
    byte[] buffer = new byte[4096];
    for (int valueBytes : new int[] {0, 100, 1000, 4000}) {
      java.util.Arrays.fill(buffer, (byte) 7);
      byte[] value = new byte[valueBytes];
      new java.util.Random(valueBytes).nextBytes(value);
      dev.cirrus.proto.v1.SetRequest set = dev.cirrus.proto.v1.SetRequest.newBuilder()
          .setCache("c").setWrite(dev.cirrus.proto.v1.Write.newBuilder()
              .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFrom(value))).build();
      int size = set.getSerializedSize();
      int length = Frames.requestInto(buffer, V1Method.SET, set, size);
      assertEquals(Frames.requestLength(size), length);
      assertArrayEquals(Frames.request(V1Method.SET, set),
          java.util.Arrays.copyOf(buffer, length), valueBytes + " bytes");
      if (length < buffer.length) {
        assertEquals(7, buffer[length], "nothing written past the frame");
      }
    }
    GetRequest get = GetRequest.newBuilder().setCache("a cache name").build();
    assertThrows(IllegalArgumentException.class, () -> Frames.requestInto(new byte[10],
        V1Method.GET, get, get.getSerializedSize()));
  }

  @Test
  void aMethodOffTheDataPathHasNoRequestFrame() {
    assertThrows(IllegalArgumentException.class,
        () -> Frames.request(V1Method.SUBSCRIBE, GetRequest.getDefaultInstance()));
  }

  @Test
  void okCarriesTheMessageOrNothing() throws IOException {
    GetResponse answer = GetResponse.newBuilder()
        .setResult(ReadResult.newBuilder().setFound(true).setValue(ByteString.copyFromUtf8("v")))
        .build();
    Frames.Frame read = read(Frames.ok(answer));
    assertEquals(Frames.OK, read.kind());
    assertEquals(answer, GetResponse.parseFrom(read.payload()));
    assertArrayEquals(new byte[] {0, 0, 0, 1, 3}, Frames.ok());
    assertArrayEquals(new byte[] {0, 0, 0, 1, 5}, Frames.goodbye());
  }

  @Test
  void okWrittenIntoADirectBuffer_isTheSameFrame_andNothingAround() {
    byte[] value = new byte[100 * 1024 + 7];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31);
    }
    GetResponse answer = GetResponse.newBuilder().setResult(ReadResult.newBuilder()
        .setFound(true).setVersion(1L << 40).setValue(ByteString.copyFrom(value))).build();
    int size = answer.getSerializedSize();
    int length = Frames.okLength(size);
    ByteBuffer direct = ByteBuffer.allocateDirect(length + 6);
    direct.put((byte) 9).put((byte) 9).put((byte) 9);
    Frames.writeOk(direct, answer, size);
    assertEquals(3 + length, direct.position());
    byte[] written = new byte[length];
    direct.position(3);
    direct.get(written);
    assertArrayEquals(Frames.ok(answer), written);
    assertEquals(0, direct.get(), "nothing written past the frame");

    ByteBuffer tooSmall = ByteBuffer.allocateDirect(length - 1);
    assertThrows(RuntimeException.class, () -> Frames.writeOk(tooSmall, answer, size));
  }

  @Test
  void errorBytesAreCodeDescriptionThenDetail() throws IOException {
    ErrorDetail detail = ErrorDetail.newBuilder().setReason(ErrorReason.KEY_TOO_LARGE)
        .setMessage("too big").putFacts("limit", "10").build();
    byte[] frame = Frames.error(3, "too big", detail);
    byte[] detailBytes = detail.toByteArray();
    byte[] expected = ByteBuffer.allocate(5 + 8 + 7 + detailBytes.length)
        .putInt(1 + 8 + 7 + detailBytes.length).put((byte) 4)
        .putInt(3).putInt(7).put("too big".getBytes(StandardCharsets.US_ASCII)).put(detailBytes)
        .array();
    assertArrayEquals(expected, frame);
    assertEquals(new Frames.ErrorPayload(3, "too big", detail),
        Frames.parseError(read(frame).payload()));
  }

  @Test
  void anErrorWithoutDescriptionOrDetail() throws IOException {
    Frames.ErrorPayload error = Frames.parseError(read(Frames.error(13, null, null)).payload());
    assertEquals(new Frames.ErrorPayload(13, "", null), error);
  }

  @Test
  void malformedErrorPayloadsSayWhatIsWrong() {
    assertEquals("an error frame of 3 bytes",
        assertThrows(Frames.MalformedFrameException.class,
            () -> Frames.parseError(new byte[3])).getMessage());
    byte[] overlong = ByteBuffer.allocate(8).putInt(3).putInt(99).array();
    assertEquals("an error description of 99 bytes",
        assertThrows(Frames.MalformedFrameException.class,
            () -> Frames.parseError(overlong)).getMessage());
    byte[] badDetail = ByteBuffer.allocate(10).putInt(3).putInt(0).put((byte) 0xFF)
        .put((byte) 0xFF).array();
    assertEquals("an error detail that does not parse",
        assertThrows(Frames.MalformedFrameException.class,
            () -> Frames.parseError(badDetail)).getMessage());
  }

  @Test
  void malformedHellosAreRefused() {
    assertThrows(EOFException.class, () -> Frames.parseHello(new byte[] {0, 0, 0, 9}));
    assertThrows(EOFException.class, () -> Frames.parseHello(new byte[] {0, 0, 0}));
    byte[] extra = ByteBuffer.allocate(9).putInt(0).putInt(0).put((byte) 1).array();
    assertThrows(EOFException.class, () -> Frames.parseHello(extra));
  }

  @Test
  void aFrameOverTheLimitIsRefusedBeforeItsPayloadIsRead() {
    byte[] header = ByteBuffer.allocate(5).putInt(1 << 20).put(Frames.REQUEST).array();
    Frames.FrameTooLargeException e = assertThrows(Frames.FrameTooLargeException.class,
        () -> Frames.read(in(header), 1024));
    assertEquals(1 << 20, e.length());
    assertEquals(1024, e.limit());
    byte[] negative = ByteBuffer.allocate(5).putInt(-1).put(Frames.REQUEST).array();
    assertEquals(0xFFFF_FFFFL, assertThrows(Frames.FrameTooLargeException.class,
        () -> Frames.read(in(negative), 1024)).length());
    byte[] empty = ByteBuffer.allocate(4).putInt(0).array();
    assertThrows(Frames.FrameTooLargeException.class, () -> Frames.read(in(empty), 1024));
  }

  @Test
  void aCleanEndIsNullAndATruncatedFrameFails() throws IOException {
    assertNull(Frames.read(in(new byte[0]), 1024));
    byte[] truncated = ByteBuffer.allocate(6).putInt(9).put(Frames.OK).put((byte) 1).array();
    assertThrows(EOFException.class, () -> Frames.read(in(truncated), 1024));
  }

  private static Frames.Frame read(byte[] frame) throws IOException {
    DataInputStream in = in(frame);
    Frames.Frame read = Frames.read(in, Integer.MAX_VALUE);
    assertEquals(-1, in.read(), "the frame is read to its end and no further");
    return read;
  }

  private static DataInputStream in(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
