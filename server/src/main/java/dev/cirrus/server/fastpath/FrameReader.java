package dev.cirrus.server.fastpath;

import dev.cirrus.wire.Frames;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Reads one {@link Frames} frame at a time from the bytes as they arrive, whatever pieces they come
 * in. Its length is checked as soon as its four bytes are in, before anything is allocated. A
 * payload of up to {@link Frames#GROWTH_START} bytes is read into one array of its size; a larger
 * one into an array that starts at that size and, once full, grows to twice what has arrived (what
 * it holds and what the read in hand holds beyond it), each growth asked of the reader's {@link
 * Frames.Allowance} first, so a peer that announces a large frame and sends little of it costs
 * little (as {@link Frames#readPayload} does on a blocking stream), while a frame that arrives in
 * large reads grows once or twice, not once per doubling. Used by one connection's event loop
 * only.
 */
final class FrameReader {
  /** Every readable byte was taken; the frame is not complete. */
  static final int MORE = 0;
  /** The length and the kind are in ({@link #kind()}); the payload follows. */
  static final int HEADER = 1;
  /** The frame is complete: {@link #kind()} and {@link #takePayload()}. */
  static final int FRAME = 2;
  /** The length is below 1 or above the limit ({@link #announced()}); nothing was allocated. */
  static final int TOO_LARGE = 3;
  /** The allowance refused the payload's next growth ({@link #unread()} bytes not taken). */
  static final int NO_ROOM = 4;

  private int maxLength;
  private Frames.Allowance allowance;
  /** Bytes of the length field and kind read so far, 0 to 5. */
  private int headerRead;
  private int length;
  private byte kind;
  private byte[] payload;
  private int payloadLength;
  private int filled;

  /** Frames of {@code maxLength} bytes at most (kind and payload), grown within {@code allowance}. */
  void limits(int maxLength, Frames.Allowance allowance) {
    this.maxLength = maxLength;
    this.allowance = allowance;
  }

  /** Whether a frame has started: some of its bytes are in, it is not complete. */
  boolean started() {
    return headerRead > 0;
  }

  /** Takes bytes of {@code in} up to the next event, and says which. */
  int read(ByteBuf in) {
    while (headerRead < 4) {
      if (!in.isReadable()) {
        return MORE;
      }
      length = (length << 8) | in.readUnsignedByte();
      headerRead++;
      if (headerRead == 4 && (length < 1 || length > maxLength)) {
        return TOO_LARGE;
      }
    }
    if (headerRead == 4) {
      if (!in.isReadable()) {
        return MORE;
      }
      kind = in.readByte();
      headerRead = 5;
      payloadLength = length - 1;
      payload = new byte[Math.min(payloadLength, Frames.GROWTH_START)];
      filled = 0;
      return HEADER;
    }
    int n = Math.min(in.readableBytes(), payload.length - filled);
    in.readBytes(payload, filled, n);
    filled += n;
    if (filled == payloadLength) {
      return FRAME;
    }
    if (filled == payload.length) {
      int grown = (int) Math.min(payloadLength, 2L * (filled + in.readableBytes()));
      if (!allowance.tryTake(grown - filled)) {
        return NO_ROOM;
      }
      payload = Arrays.copyOf(payload, grown);
    }
    return MORE;
  }

  byte kind() {
    return kind;
  }

  /** The frame's length as announced, unsigned: after {@link #TOO_LARGE}. */
  long announced() {
    return length & 0xFFFF_FFFFL;
  }

  /** The frame's length (kind and payload), once its header is in. */
  int length() {
    return length;
  }

  /** The bytes of the started frame still to come, once its header is in. */
  int unread() {
    return payloadLength - filled;
  }

  /** The complete frame's payload; the reader is then ready for the next frame. */
  byte[] takePayload() {
    byte[] complete = payload;
    reset();
    return complete;
  }

  /** Forgets the started frame (refused, its rest to be dropped by the caller). */
  void reset() {
    headerRead = 0;
    length = 0;
    payload = null;
    payloadLength = 0;
    filled = 0;
  }
}
