package dev.cirrus.server.netty.redis;

import dev.cirrus.server.netty.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A connection of one data-path event loop to one Redis node, used by that loop only: a command
 * (an MGET, a script) is written by the loop that took the request, its answer read by the same
 * loop, which then writes the caller's answer, so the call crosses no thread. (Over Lettuce's
 * connection it crossed two: to Lettuce's loop and back, each a wakeup on a busy machine.)
 * Commands written in one turn of the loop go out with one flush; Redis answers them in order.
 *
 * <p>It never holds a call hostage: while it connects, when it has {@link #MAX_PENDING} commands
 * out, when its socket's buffer is full, or once closed, {@link #call} answers null and the caller
 * asks Lettuce instead; a command out when the connection breaks (or that waits longer than its
 * command timeout, which closes it) fails with an IOException: a read may be asked again
 * elsewhere, a write may or may not have been applied. Everything here runs on {@link #loop}.
 */
final class LoopConnection extends ChannelInboundHandlerAdapter {
  /** Commands one connection has out at most. */
  static final int MAX_PENDING = 1024;
  private static final long CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final byte[] CRLF = {'\r', '\n'};
  /** The client name these connections give themselves in Redis. */
  static final String NAME = "cirrus-loop";

  private record Pending(CompletableFuture<Object> answer, long sentNanos) {}

  private final EventLoop loop;
  private final String host;
  private final int port;
  private final long timeoutNanos;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private Channel channel;
  private boolean ready;
  private boolean closed;
  private long closedNanos;
  private boolean flushQueued;
  private ScheduledFuture<?> watch;

  LoopConnection(EventLoop loop, String host, int port, Duration timeout) {
    this.loop = loop;
    this.host = host;
    this.port = port;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Starts connecting; {@code password} (or null) is sent first. */
  void open(String password) {
    ChannelFuture connect = new Bootstrap().group(loop).channel(EventLoops.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT_MILLIS)
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new RespReader(), LoopConnection.this);
          }
        })
        .connect(host, port);
    channel = connect.channel();
    connect.addListener(done -> {
      if (!done.isSuccess() || closed) {
        ended();
        return;
      }
      if (password != null) {
        // Redis answers in order: the commands written after AUTH are served once it succeeds, and
        // refused (NOAUTH) when it does not, which closes this connection below.
        send(List.of(bytes("AUTH"),
            password.getBytes(StandardCharsets.UTF_8))).thenAccept(reply -> {
              if (reply instanceof RespReader.Refusal) {
                channel.close();
              }
            });
      }
      // Named, so that an operator's CLIENT LIST tells these from Lettuce's connections.
      send(List.of(bytes("CLIENT"), bytes("SETNAME"), bytes(NAME))).thenAccept(reply -> {
        if (reply instanceof RespReader.Refusal) {
          channel.close();
        }
      });
      ready = true;
      watch = loop.scheduleAtFixedRate(this::checkOldest, 1, 1, TimeUnit.SECONDS);
    });
  }

  /** Whether this is the connection to {@code host:port}. */
  boolean reaches(String host, int port) {
    return this.port == port && this.host.equals(host);
  }

  /** Whether it closed {@code spacingNanos} ago or longer, so a new one may be tried. */
  boolean closedFor(long spacingNanos) {
    return closed && System.nanoTime() - closedNanos >= spacingNanos;
  }

  /**
   * Sends {@code command} (its name, then its arguments): Redis's answer once it comes (a
   * simple string as a String, an integer as a Long, a bulk string as a byte[], an array as a
   * List of those, null inside for a missing value), failed with {@link RedisRefusal} when Redis
   * answers an error and with an IOException when the connection breaks first. Null when this
   * connection cannot take it now.
   */
  CompletableFuture<Object> call(byte[][] command) {
    if (!ready || pending.size() >= MAX_PENDING || !channel.isWritable()) {
      return null;
    }
    return send(Arrays.asList(command)).thenApply(reply -> {
      if (reply instanceof RespReader.Refusal refusal) {
        throw new RedisRefusal(refusal.message());
      }
      return reply;
    });
  }

  private CompletableFuture<Object> send(List<byte[]> args) {
    int size = 16;
    for (byte[] arg : args) {
      size += arg.length + 16;
    }
    ByteBuf out = channel.alloc().ioBuffer(size);
    out.writeByte('*').writeBytes(Integer.toString(args.size()).getBytes(StandardCharsets.US_ASCII))
        .writeBytes(CRLF);
    for (byte[] arg : args) {
      out.writeByte('$').writeBytes(Integer.toString(arg.length).getBytes(StandardCharsets.US_ASCII))
          .writeBytes(CRLF).writeBytes(arg).writeBytes(CRLF);
    }
    CompletableFuture<Object> answer = new CompletableFuture<>();
    pending.add(new Pending(answer, System.nanoTime()));
    channel.write(out, channel.voidPromise());
    if (!flushQueued) {
      // Runs after this turn's reads: the commands they wrote leave in one flush.
      flushQueued = true;
      loop.execute(this::flush);
    }
    return answer;
  }

  private void flush() {
    flushQueued = false;
    channel.flush();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object reply) {
    Pending head = pending.poll();
    if (head == null) {
      ctx.close();
      return;
    }
    head.answer().complete(reply);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ended();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** Closes a connection whose oldest command waits too long: Redis or the path to it hangs. */
  private void checkOldest() {
    Pending oldest = pending.peek();
    if (oldest != null && System.nanoTime() - oldest.sentNanos() > timeoutNanos) {
      channel.close();
    }
  }

  /**
   * Marks this closed and fails what it had out (the callers ask their reads again through
   * Lettuce; a write fails, as it may or may not have been applied).
   */
  private void ended() {
    if (closed) {
      return;
    }
    closed = true;
    ready = false;
    closedNanos = System.nanoTime();
    if (watch != null) {
      watch.cancel(false);
    }
    IOException broken = new IOException("the connection to Redis at " + host + ":" + port
        + " closed");
    for (Pending p; (p = pending.poll()) != null; ) {
      p.answer().completeExceptionally(broken);
    }
    channel.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Closes it from any thread. */
  void close() {
    try {
      loop.execute(() -> channel.close());
    } catch (RejectedExecutionException e) {
      // The loop has stopped, and closed its channels with it.
    }
  }
}
