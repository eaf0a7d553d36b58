package dev.cirrus.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;

/**
 * A connection beyond the listener's bound. A plaintext one is told why before it is closed (503
 * with the usual JSON body and {@code Retry-After}), so a client sees "too many connections"
 * rather than a reset it cannot tell from a crash. A TLS one is closed at once: answering it would
 * cost a handshake, which is what a flood of connections would then buy.
 */
final class OverLimit extends ChannelInboundHandlerAdapter {
  private final FullHttpResponse answer;

  private OverLimit(FullHttpResponse answer) {
    this.answer = answer;
  }

  static void refuse(SocketChannel ch, boolean tls, HttpOptions options) {
    if (tls) {
      ch.close();
      return;
    }
    HttpProblem problem = new HttpProblem(503, "too_many_connections",
        "the server holds at most " + options.maxConnections() + " HTTP connections at once;"
            + " retry shortly, or reuse connections (keep-alive) instead of opening new ones; an"
            + " idle one is closed after " + options.idleTimeout().toSeconds() + " s");
    FullHttpResponse response = HttpExchange.response(problem.reply());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    ch.pipeline().addLast("encoder", new HttpResponseEncoder()).addLast("over-limit",
        new OverLimit(response));
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg); // the request it sent is not read: it is answered already
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
