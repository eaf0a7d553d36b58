package dev.cirrus.server.fastpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.wire.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a frame's payload costs the server as it arrives: never more than twice what the peer has
 * sent, and a frame that arrives in large reads grows its array once, not once per doubling.
 */
class FrameReaderTest {
  private static final int PAYLOAD = 100 * 1024;

  /** Records each growth the reader asks for. */
  private final List<Integer> growths = new ArrayList<>();
  private final FrameReader reader = new FrameReader();

  FrameReaderTest() {
    reader.limits(64 * 1024 * 1024, bytes -> growths.add(bytes));
  }

  @Test
  void aFrameInOneLargeRead_growsOnce_andArrivesWhole() {
    byte[] payload = payload();
    ByteBuf in = Unpooled.wrappedBuffer(frame(payload));
    assertEquals(FrameReader.FRAME, readAll(in));
    assertArrayEquals(payload, reader.takePayload());
    assertEquals(List.of(PAYLOAD - Frames.GROWTH_START), growths);
  }

  @Test
  void aFrameBarelySent_holdsAtMostTwiceWhatArrived() {
    byte[] frame = frame(payload());
    int sent = 5 + 20 * 1024;
    ByteBuf in = Unpooled.wrappedBuffer(frame, 0, sent);
    assertEquals(FrameReader.MORE, readAll(in));
    long held = Frames.GROWTH_START + growths.stream().mapToLong(Integer::longValue).sum();
    assertTrue(held <= 2L * (sent - 5), held + " bytes held for " + (sent - 5) + " sent");

    // The rest in small reads: each growth stays within twice what arrived, and the frame is whole.
    for (int at = sent; at < frame.length; at += 1000) {
      int event = readAll(Unpooled.wrappedBuffer(frame, at, Math.min(1000, frame.length - at)));
      long holding = Frames.GROWTH_START + growths.stream().mapToLong(Integer::longValue).sum();
      int arrived = Math.min(frame.length, at + 1000) - 5;
      assertTrue(holding <= 2L * arrived, holding + " bytes held for " + arrived + " sent");
      if (at + 1000 >= frame.length) {
        assertEquals(FrameReader.FRAME, event);
      }
    }
    assertArrayEquals(payload(), reader.takePayload());
  }

  /** Reads until the frame is complete or {@code in} is empty; answers the last event. */
  private int readAll(ByteBuf in) {
    int event;
    do {
      event = reader.read(in);
    } while (event != FrameReader.FRAME && in.isReadable());
    return event;
  }

  private static byte[] payload() {
    byte[] payload = new byte[PAYLOAD];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 7);
    }
    return payload;
  }

  private static byte[] frame(byte[] payload) {
    byte[] frame = new byte[5 + payload.length];
    int length = 1 + payload.length;
    frame[0] = (byte) (length >>> 24);
    frame[1] = (byte) (length >>> 16);
    frame[2] = (byte) (length >>> 8);
    frame[3] = (byte) length;
    frame[4] = Frames.REQUEST;
    System.arraycopy(payload, 0, frame, 5, payload.length);
    return frame;
  }
}
