package dev.cirrus.server.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Event loop groups of a Netty door, of daemon threads. On Linux x86-64 they use Netty's native
 * epoll transport (the library ships in the server jar): it saves the JDK selector's bookkeeping on
 * every wakeup, which on the data path is every request. Elsewhere, or with {@code
 * -Dcirrus.netty.epoll=false}, they use NIO.
 */
public final class EventLoops {
  /** Switches the native transport off, to compare it with NIO or to rule it out. */
  public static final String EPOLL_PROPERTY = "cirrus.netty.epoll";

  private static final boolean EPOLL =
      Boolean.parseBoolean(System.getProperty(EPOLL_PROPERTY, "true")) && Epoll.isAvailable();

  private EventLoops() {}

  /** A group of {@code threads} loops whose threads are named {@code name-N-M}. */
  public static EventLoopGroup create(int threads, String name) {
    IoHandlerFactory handlers = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handlers);
  }

  /** The listening channel type that goes with {@link #create}'s loops. */
  public static Class<? extends ServerSocketChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** "epoll" or "nio": which transport the loops use, for the start log. */
  public static String transport() {
    return EPOLL ? "epoll" : "nio";
  }

  /** Stops {@code group} without a quiet period, waiting up to {@code waitMillis} for its threads. */
  public static void stop(EventLoopGroup group, long waitMillis) {
    group.shutdownGracefully(0, waitMillis, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(waitMillis + 1_000, TimeUnit.MILLISECONDS);
  }
}
