package dev.cirrus.server.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.wire.V1Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A large put's value stays in the array the request arrived in (changing that array shows
 * through the parsed value), while its key is a copy of its own (a store keeps it for as long as
 * the entry lives, and must not keep the request with it).
 */
class LargeWritesTest {
  @Test
  void largeSet_valueIsAViewOfThePayload_keyIsACopy() throws Exception {
    byte[] value = new byte[100 * 1024];
    value[0] = 7;
    SetRequest sent = SetRequest.newBuilder().setCache("c").setWrite(Write.newBuilder()
        .setKey(ByteString.copyFromUtf8("the-key")).setValue(ByteString.copyFrom(value))
        .setReturnPrevious(true)).build();
    byte[] payload = payload(sent);
    assertTrue(LargeWrites.applies(payload.length - 1));

    SetRequest parsed = LargeWrites.parse(payload, 1, payload.length - 1);
    assertEquals(sent, parsed);

    // Every byte of the request changed after parsing: the value follows, the key does not.
    for (int i = 1; i < payload.length; i++) {
      payload[i] ^= (byte) 0x5a;
    }
    assertEquals("the-key", parsed.getWrite().getKey().toString(StandardCharsets.UTF_8));
    assertNotEquals(ByteString.copyFrom(value), parsed.getWrite().getValue());
    assertEquals(7 ^ 0x5a, parsed.getWrite().getValue().byteAt(0));
  }

  @Test
  void smallSet_isNotParsedHere() {
    SetRequest small = SetRequest.newBuilder().setCache("c").setWrite(Write.newBuilder()
        .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v"))).build();
    assertFalse(LargeWrites.applies(payload(small).length - 1));
  }

  private static byte[] payload(SetRequest request) {
    byte[] message = request.toByteArray();
    byte[] payload = new byte[1 + message.length];
    payload[0] = V1Method.SET.number();
    System.arraycopy(message, 0, payload, 1, message.length);
    return payload;
  }
}
