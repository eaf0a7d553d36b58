package dev.cirrus.server.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/** Event loop groups of a Netty door: NIO (no native library to ship), daemon threads. */
public final class EventLoops {
  private EventLoops() {}

  /** A group of {@code threads} loops whose threads are named {@code name-N-M}. */
  public static EventLoopGroup create(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
        NioIoHandler.newFactory());
  }

  /** Stops {@code group} without a quiet period, waiting up to {@code waitMillis} for its threads. */
  public static void stop(EventLoopGroup group, long waitMillis) {
    group.shutdownGracefully(0, waitMillis, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(waitMillis + 1_000, TimeUnit.MILLISECONDS);
  }
}
