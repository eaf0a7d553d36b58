package dev.cirrus.server.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The groups {@link #create} made that are not stopped: what {@link #current} recognises. */
  private static final Set<EventLoopGroup> GROUPS = ConcurrentHashMap.newKeySet();

  private EventLoops() {}

  /** A group of {@code threads} loops whose threads are named {@code name-N-M}. */
  public static EventLoopGroup create(int threads, String name) {
    IoHandlerFactory handlers = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handlers);
    GROUPS.add(group);
    return group;
  }

  /**
   * The loop of {@link #create}'s groups that runs the calling thread, or null on any other
   * thread (a pool's, another library's loop). A client channel of {@link #socketChannel} can be
   * registered on it. (Netty's executors record themselves for their thread; its ThreadExecutorMap
   * is public, if in an internal package.)
   */
  public static EventLoop current() {
    EventExecutor executor = ThreadExecutorMap.currentExecutor();
    return executor instanceof EventLoop loop && GROUPS.contains(loop.parent()) ? loop : null;
  }

  /** The client channel type that goes with {@link #create}'s loops. */
  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
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
    GROUPS.remove(group);
    group.shutdownGracefully(0, waitMillis, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(waitMillis + 1_000, TimeUnit.MILLISECONDS);
  }
}
