package dev.cirrus.server.http;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.netty.EventLoops;
import dev.cirrus.server.netty.NettyTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP/1.1 listener: Netty's HTTP codec on a small event loop of its own, so scrapes and
 * console reads never take a gRPC transport thread. Bounded by {@link HttpOptions}: connections
 * (one beyond is answered 503 and closed, see {@link OverLimit}), request line and headers (431), bodies (413, decided on the
 * declared {@code Content-Length} before the body is read), idle connections (closed). Requests
 * are answered by the {@link Router}'s routes; see {@link HttpExchange}.
 */
public final class HttpListener implements AutoCloseable {
  private final Channel channel;
  private final EventLoopGroup loop;
  private final boolean tls;
  private final AtomicInteger open;
  private final AtomicLong accepted;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpListener(Channel channel, EventLoopGroup loop, boolean tls, AtomicInteger open,
      AtomicLong accepted) {
    this.channel = channel;
    this.loop = loop;
    this.tls = tls;
    this.open = open;
    this.accepted = accepted;
  }

  /** Binds {@code host:port} (0: a free port) and serves {@code router}; it serves when this returns. */
  public static HttpListener start(String host, int port, Router router, HttpOptions options)
      throws IOException {
    requireNonNull(router, "router");
    requireNonNull(options, "options");
    SslContext ssl = options.tls() == null ? null : NettyTls.server(options.tls());
    EventLoopGroup loop = EventLoops.create(options.threads(), "cirrus-http");
    AtomicInteger open = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(loop)
        .channel(EventLoops.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 128)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            accepted.incrementAndGet();
            if (open.incrementAndGet() > options.maxConnections()) {
              open.decrementAndGet();
              router.refusedConnection();
              OverLimit.refuse(ch, ssl != null, options);
              return;
            }
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            ChannelPipeline pipeline = ch.pipeline();
            if (ssl != null) {
              pipeline.addLast("tls", ssl.newHandler(ch.alloc()));
            }
            long idle = options.idleTimeout().toMillis();
            pipeline.addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
            pipeline.addLast("codec", new HttpServerCodec(4096, options.maxHeaderBytes(), 64 * 1024));
            pipeline.addLast("exchange", new HttpExchange(router, options.maxBodyBytes()));
          }
        });
    try {
      Channel channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
      return new HttpListener(channel, loop, ssl != null, open, accepted);
    } catch (Exception e) {
      EventLoops.stop(loop, 0);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot listen for HTTP on " + host + ":" + port + " (" + e.getMessage()
          + "); choose another --http-port, or leave it out to serve no HTTP", e);
    }
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Whether it speaks HTTPS. */
  public boolean tls() {
    return tls;
  }

  /** Connections open now. */
  public int openConnections() {
    return Math.max(0, open.get());
  }

  /** Connections accepted since the start, refused ones included. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Stops accepting, closes every connection and stops the event loop. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    EventLoops.stop(loop, 1_000);
  }
}
