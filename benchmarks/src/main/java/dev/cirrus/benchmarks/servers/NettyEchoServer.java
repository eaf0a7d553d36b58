package dev.cirrus.benchmarks.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * The TCP echo's frames (a 4-byte length and the payload) served the way Cirrus's data path
 * serves its connections: Netty's native epoll transport, one event loop per core shared by every
 * connection, answers written by the loop that read the request. It does nothing else, so beside
 * the blocking {@link TcpEchoServer} it shows what that way of serving costs on its own, and
 * beside Cirrus what Cirrus's work adds to it.
 *
 * <p>Usage: {@code NettyEchoServer --port P}; stops on SIGTERM. Linux x86-64 only (the native
 * transport), as Cirrus's epoll loops are.
 */
public final class NettyEchoServer {

  private NettyEchoServer() {}

  public static void main(String[] argv) throws InterruptedException {
    Args args = new Args(argv);
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException("Netty's native epoll transport is not available here: "
          + Epoll.unavailabilityCause());
    }
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
        Runtime.getRuntime().availableProcessors(), EpollIoHandler.newFactory());
    new ServerBootstrap()
        .group(loops)
        .channel(EpollServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(new Echo());
          }
        })
        .bind("127.0.0.1", args.getInt("port")).sync();
    System.out.println("READY netty-echo on 127.0.0.1:" + args.getInt("port"));
    Thread.currentThread().join();
  }

  /** One connection: whole frames echoed as they complete, the answers of one read in one write. */
  private static final class Echo extends ChannelInboundHandlerAdapter {
    private ByteBuf received;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      received = ctx.alloc().buffer(65_536);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      received.release();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        received.writeBytes(in);
      } finally {
        in.release();
      }
      boolean answered = false;
      while (received.readableBytes() >= 4) {
        int frame = 4 + received.getInt(received.readerIndex());
        if (received.readableBytes() < frame) {
          break;
        }
        ByteBuf answer = ctx.alloc().directBuffer(frame);
        answer.writeBytes(received, frame);
        ctx.write(answer);
        answered = true;
      }
      received.discardReadBytes();
      if (answered) {
        ctx.flush();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // the client went away
    }
  }
}
