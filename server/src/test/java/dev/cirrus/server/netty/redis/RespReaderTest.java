package dev.cirrus.server.netty.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespReaderTest {
  private static final byte[] BIG = new byte[70_000];

  /**
   * +OK, an error, an integer, a missing value, a script's answer (integers, a value, a missing
   * one, an array inside), then an MGET answer with a missing value, an empty value and a 70
   * 000-byte one.
   */
  private static byte[] replies() {
    StringBuilder text = new StringBuilder("+OK\r\n-MOVED 1234 127.0.0.1:7001\r\n:-42\r\n$-1\r\n");
    text.append("*5\r\n:1\r\n:0\r\n$2\r\nhi\r\n$-1\r\n*2\r\n:7\r\n$0\r\n\r\n");
    text.append("*4\r\n$1\r\na\r\n$-1\r\n$0\r\n\r\n$").append(BIG.length).append("\r\n");
    byte[] head = text.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + BIG.length + 2];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(BIG, 0, all, head.length, BIG.length);
    all[all.length - 2] = '\r';
    all[all.length - 1] = '\n';
    return all;
  }

  @Test
  void repliesAreReadWhole_whereverTheBytesAreCut() {
    for (int i = 0; i < BIG.length; i++) {
      BIG[i] = (byte) i;
    }
    byte[] bytes = replies();
    for (int cut : new int[] {1, 2, 3, 7, 13, 1000, bytes.length}) {
      EmbeddedChannel channel = new EmbeddedChannel(new RespReader());
      for (int at = 0; at < bytes.length; at += cut) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(cut, bytes.length - at)));
      }
      List<Object> read = new ArrayList<>();
      for (Object reply; (reply = channel.readInbound()) != null; ) {
        read.add(reply);
      }
      assertEquals(6, read.size(), "replies read from pieces of " + cut);
      assertEquals("OK", read.get(0));
      assertEquals(new RespReader.Refusal("MOVED 1234 127.0.0.1:7001"), read.get(1));
      assertEquals(-42L, read.get(2));
      assertSame(RespReader.NIL, read.get(3));
      List<?> script = (List<?>) read.get(4);
      assertEquals(5, script.size());
      assertEquals(1L, script.get(0));
      assertEquals(0L, script.get(1));
      assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), (byte[]) script.get(2));
      assertNull(script.get(3));
      List<?> inner = (List<?>) script.get(4);
      assertEquals(7L, inner.get(0));
      assertEquals(0, ((byte[]) inner.get(1)).length);
      @SuppressWarnings("unchecked")
      List<byte[]> values = (List<byte[]>) read.get(5);
      assertEquals(4, values.size());
      assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), values.get(0));
      assertNull(values.get(1));
      assertEquals(0, values.get(2).length);
      assertArrayEquals(BIG, values.get(3));
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void aReplyItCannotRead_failsTheChannel() {
    EmbeddedChannel channel = new EmbeddedChannel(new RespReader());
    DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(
        Unpooled.wrappedBuffer("%1\r\n+a\r\n+b\r\n".getBytes(StandardCharsets.US_ASCII))));
    assertTrue(e.getMessage().contains("unexpected reply type '%'"), e.getMessage());
  }
}
