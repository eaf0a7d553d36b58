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
 * has arrived: a simple string as a {@link String}, an error as a {@link Refusal}, an array of
 * bulk strings (MGET's answer) as a {@code List<byte[]>} with null for a missing value. Anything
 * else is a protocol error that closes the connection. An array is first checked to be complete,
 * headers only, so a large answer arriving in many reads is copied once.
 */
final class RespReader extends ByteToMessageDecoder {
  /** An error reply, e.g. MOVED after a slot moved, or NOAUTH. */
  record Refusal(String message) {}

  /** Marks an incomplete reply while checking one. */
  private static final int INCOMPLETE = -1;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int start = in.readerIndex();
      if (end(in, start) == INCOMPLETE) {
        return;
      }
      out.add(read(in));
    }
  }

  /** Where the reply starting at {@code at} ends, or {@link #INCOMPLETE}; reads nothing. */
  private static int end(ByteBuf in, int at) {
    int lineEnd = lineEnd(in, at);
    if (lineEnd == INCOMPLETE) {
      return INCOMPLETE;
    }
    byte type = in.getByte(at);
    if (type != '*') {
      return lineEnd + 2;
    }
    long count = number(in, at + 1, lineEnd);
    int next = lineEnd + 2;
    for (long i = 0; i < count; i++) {
      if (next >= in.writerIndex()) {
        return INCOMPLETE;
      }
      int headerEnd = lineEnd(in, next);
      if (headerEnd == INCOMPLETE) {
        return INCOMPLETE;
      }
      if (in.getByte(next) != '$') {
        throw new DecoderException("expected a bulk string in an array reply from Redis");
      }
      long length = number(in, next + 1, headerEnd);
      next = headerEnd + 2 + (length < 0 ? 0 : (int) length + 2);
      if (next > in.writerIndex()) {
        return INCOMPLETE;
      }
    }
    return next;
  }

  /** Reads the complete reply at the reader index. */
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
      case '*' -> {
        long count = number(in, at + 1, lineEnd);
        if (count < 0) {
          throw new DecoderException("a null array from Redis, where an MGET answers one");
        }
        List<byte[]> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
          int header = in.readerIndex();
          int headerEnd = lineEnd(in, header);
          long length = number(in, header + 1, headerEnd);
          in.readerIndex(headerEnd + 2);
          if (length < 0) {
            values.add(null);
          } else {
            byte[] value = new byte[(int) length];
            in.readBytes(value);
            in.skipBytes(2);
            values.add(value);
          }
        }
        return values;
      }
      default -> throw new DecoderException("unexpected reply type '" + (char) type
          + "' from Redis");
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
