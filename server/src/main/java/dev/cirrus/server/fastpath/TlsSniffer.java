package dev.cirrus.server.fastpath;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

/**
 * The first handler of a TLS listener's connection: tells a TLS client from a plaintext one by
 * the first byte. A TLS one gets the TLS layer in this handler's place (the byte goes on to it);
 * a plaintext one is announced to the next handler with {@link #PLAINTEXT}, to be told in
 * plaintext, which it understands, that this port speaks TLS only, rather than left waiting for
 * a handshake.
 */
final class TlsSniffer extends ChannelInboundHandlerAdapter {
  /** The user event of a plaintext client on a TLS port. */
  static final Object PLAINTEXT = new Object();
  /** The first byte of a TLS handshake record, as every ClientHello starts. */
  private static final int TLS_HANDSHAKE_RECORD = 0x16;

  private final SslContext tls;

  TlsSniffer(SslContext tls) {
    this.tls = tls;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (!in.isReadable()) {
      in.release();
      return;
    }
    if (in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
      // After the replacement this context forwards to the TLS layer, which reads the bytes.
      ctx.pipeline().replace(this, "tls", tls.newHandler(ctx.alloc()));
      ctx.fireChannelRead(in);
      return;
    }
    ReferenceCountUtil.release(in);
    ctx.pipeline().remove(this);
    ctx.fireUserEventTriggered(PLAINTEXT);
  }
}
