package dev.cirrus.server.netty.redis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the RESP2 replies a {@link LoopConnection} asks for, each as one message once all of it
 * has arrived: a simple string as a {@link String}, an error as a {@link Refusal}, an integer as a
 * {@link Long}, a bulk string as a {@code byte[]} ({@link #NIL} for a missing one), an array as a
 * {@code List<Object>} of those (null inside for a missing value). A reply is first checked to be
 * complete, headers only, so a large answer arriving in many reads is copied once.
 */
final class RespReader extends ByteToMessageDecoder {
  /** An error reply, e.g. MOVED after a slot moved, or NOSCRIPT. */
  record Refusal(String message) {}

  /** A missing value or array as a whole reply (a message cannot be null). */
  static final Object NIL = new Object();

  /** Marks an incomplete reply while checking one. */
  private static final int INCOMPLETE = -1;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      if (end(in, in.readerIndex()) == INCOMPLETE) {
        return;
      }
      Object reply = read(in);
      out.add(reply == null ? NIL : reply);
    }
  }

  /** Where the reply starting at {@code at} ends, or {@link #INCOMPLETE}; reads nothing. */
  private static int end(ByteBuf in, int at) {
    int lineEnd = lineEnd(in, at);
    if (lineEnd == INCOMPLETE) {
      return INCOMPLETE;
    }
    switch (in.getByte(at)) {
      case '+', '-', ':' -> {
        return lineEnd + 2;
      }
      case '$' -> {
        long length = number(in, at + 1, lineEnd);
        long end = lineEnd + 2 + (length < 0 ? 0 : length + 2);
        return end > in.writerIndex() ? INCOMPLETE : (int) end;
      }
      case '*' -> {
        long count = number(in, at + 1, lineEnd);
        int next = lineEnd + 2;
        for (long i = 0; i < count; i++) {
          if (next >= in.writerIndex()) {
            return INCOMPLETE;
          }
          next = end(in, next);
          if (next == INCOMPLETE) {
            return INCOMPLETE;
          }
        }
        return next;
      }
      default -> throw new DecoderException("unexpected reply type '" + (char) in.getByte(at)
          + "' from Redis");
    }
  }

  /** Reads the complete reply at the reader index; null for a missing value or array. */
  private static Object read(ByteBuf in) {
    int at = in.readerIndex();
    int lineEnd = lineEnd(in, at);
    byte type = in.getByte(at);
    in.readerIndex(lineEnd + 2);
    switch (type) {
      case '+' -> {
        return in.toString(at + 1, lineEnd - at - 1, StandardCharsets.UTF_8);
      }
      case '-' -> {
        return new Refusal(in.toString(at + 1, lineEnd - at - 1, StandardCharsets.UTF_8));
      }
      case ':' -> {
        return number(in, at + 1, lineEnd);
      }
      case '$' -> {
        long length = number(in, at + 1, lineEnd);
        if (length < 0) {
          return null;
        }
        byte[] value = new byte[(int) length];
        in.readBytes(value);
        in.skipBytes(2);
        return value;
      }
      default -> {
        long count = number(in, at + 1, lineEnd);
        if (count < 0) {
          return null;
        }
        List<Object> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
          values.add(read(in));
        }
        return values;
      }
    }
  }

  /** The index of the CR ending the line at {@code at}, or {@link #INCOMPLETE}. */
  private static int lineEnd(ByteBuf in, int at) {
    int cr = in.forEachByte(at, in.writerIndex() - at, ByteProcessor.FIND_CR);
    return cr < 0 || cr + 1 >= in.writerIndex() ? INCOMPLETE : cr;
  }

  /** The decimal number from {@code from} to {@code to} (exclusive). */
  private static long number(ByteBuf in, int from, int to) {
    boolean negative = in.getByte(from) == '-';
    long n = 0;
    for (int i = negative ? from + 1 : from; i < to; i++) {
      byte digit = in.getByte(i);
      if (digit < '0' || digit > '9') {
        throw new DecoderException("not a number in a reply from Redis");
      }
      n = n * 10 + (digit - '0');
    }
    return negative ? -n : n;
  }
}
