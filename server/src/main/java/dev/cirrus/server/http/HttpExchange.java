package dev.cirrus.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's requests, one at a time: the head is routed and its declared body size checked
 * against the route's limit first (a body too large is refused with 413 and the connection closed
 * without reading it; a body without {@code Content-Length} with 411), then the body is gathered
 * into exactly that many bytes and the route runs. Problems are answered as JSON.
 *
 * <p>A route that {@linkplain HttpRoute#offload offloads} its call runs on its worker; meanwhile
 * the connection stops reading, and the messages already decoded from its last read (pipelined
 * requests: at most one read's worth) wait in {@code held}, to be taken in order once the answer
 * is sent, so answers keep the order of requests.
 */
final class HttpExchange extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(HttpExchange.class.getName());

  private final Router router;
  private final long maxBodyBytes;

  /** The request being read, or null between requests (and while one is being discarded). */
  private HttpRequest head;
  private Router.Entry entry;
  private byte[] body;
  private int filled;
  /** The rest of the current request is ignored (it was answered already). */
  private boolean discarding;
  /** A call runs on a worker: messages wait in {@code held}. */
  private boolean running;
  private final ArrayDeque<Object> held = new ArrayDeque<>();

  HttpExchange(Router router, long maxBodyBytes) {
    this.router = router;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (running) {
      held.addLast(msg);
      return;
    }
    try {
      if (msg instanceof HttpRequest request) {
        start(ctx, request);
      }
      if (msg instanceof HttpContent content) {
        content(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void start(ChannelHandlerContext ctx, HttpRequest request) {
    head = null;
    discarding = false;
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      HttpProblem problem = cause instanceof TooLongHttpHeaderException
          ? new HttpProblem(431, "headers_too_large", "the request's headers are over the limit of "
              + "this server; send fewer or shorter headers")
          : cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException
              ? new HttpProblem(414, "uri_too_long", "the request line is over 4096 bytes; use a"
                  + " shorter path and query")
              : new HttpProblem(400, "bad_request", "the request is not valid HTTP/1.1 ("
                  + cause.getMessage() + ")");
      answerAndClose(ctx, request.uri(), problem);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    Router.Entry found = router.find(uri.path());
    if (found == null) {
      refuse(ctx, request, uri.path(), HttpProblem.notFound(uri.path()));
      return;
    }
    long declared;
    if (HttpUtil.isTransferEncodingChunked(request)) {
      answerAndClose(ctx, uri.path(), new HttpProblem(411, "length_required", "send the body"
          + " with a Content-Length header, not chunked, so its size can be checked first"));
      return;
    }
    try {
      declared = HttpUtil.getContentLength(request, 0L);
    } catch (NumberFormatException e) {
      answerAndClose(ctx, uri.path(), new HttpProblem(400, "bad_content_length",
          "Content-Length is not a number of bytes"));
      return;
    }
    long limit = Math.min(found.maxBodyBytes(), maxBodyBytes);
    if (declared > limit) {
      answerAndClose(ctx, uri.path(), new HttpProblem(413, "body_too_large", "the body of "
          + declared + " bytes is over the limit of " + limit + " bytes for " + uri.path()
          + (limit == 0 ? ", which takes no body" : "; send a smaller one")));
      return;
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    head = request;
    entry = found;
    body = new byte[(int) declared];
    filled = 0;
  }

  private void content(ChannelHandlerContext ctx, HttpContent content) {
    if (head != null) {
      ByteBuf bytes = content.content();
      int n = bytes.readableBytes();
      if (n > body.length - filled) {
        HttpProblem problem = new HttpProblem(400, "body_longer_than_declared",
            "the body is longer than its Content-Length of " + body.length + " bytes");
        String uri = head.uri();
        head = null;
        answerAndClose(ctx, uri, problem);
        return;
      }
      bytes.readBytes(body, filled, n);
      filled += n;
    }
    if (content instanceof LastHttpContent) {
      if (head != null) {
        HttpRequest request = head;
        head = null;
        if (filled < body.length) {
          answerAndClose(ctx, request.uri(), new HttpProblem(400, "body_shorter_than_declared",
              "the body ended after " + filled + " of its Content-Length of " + body.length
                  + " bytes"));
          return;
        }
        dispatch(ctx, request);
      }
      discarding = false;
    }
  }

  /** Runs the route here, or on the worker it names and answers from there. */
  private void dispatch(ChannelHandlerContext ctx, HttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    Map<String, List<String>> headers = new HashMap<>();
    request.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
        k -> new ArrayList<>()).add(h.getValue()));
    HttpCall call = new HttpCall(request.method().name(), uri.path(), uri.parameters(), headers, body);
    body = null;
    HttpRoute route = entry.route();
    HttpRoute.Offload offload;
    try {
      offload = route.offload(call);
    } catch (RuntimeException e) {
      answer(ctx, request, failed(call, e));
      return;
    }
    if (offload == null) {
      answer(ctx, request, run(route, call));
      return;
    }
    running = true;
    ctx.channel().config().setAutoRead(false);
    try {
      offload.executor().execute(() -> {
        HttpReply reply;
        try {
          reply = run(route, call);
        } finally {
          offload.release().run();
        }
        try {
          ctx.executor().execute(() -> {
            answer(ctx, request, reply);
            resume(ctx);
          });
        } catch (RejectedExecutionException closing) {
          // The listener is stopping: no connection to answer on.
        }
      });
    } catch (RejectedExecutionException e) {
      offload.release().run();
      running = false;
      answerAndClose(ctx, call.path(), new HttpProblem(503, "shutting_down",
          "the server is shutting down; retry on another server"));
    }
  }

  /** After an offloaded call's answer: takes the requests that waited, then reads again. */
  private void resume(ChannelHandlerContext ctx) {
    running = false;
    Object next;
    while (!running && (next = held.pollFirst()) != null) {
      channelRead(ctx, next);
    }
    if (!running) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private HttpReply run(HttpRoute route, HttpCall call) {
    try {
      return route.handle(call);
    } catch (RuntimeException e) {
      return failed(call, e);
    }
  }

  /** The answer to a route's failure, counted as the door's refusal. */
  private HttpReply failed(HttpCall call, RuntimeException e) {
    HttpProblem problem;
    if (e instanceof HttpProblem refused) {
      problem = refused;
    } else {
      LOG.log(Level.WARNING, "event=http_route_failed path=" + call.path(), e);
      problem = new HttpProblem(500, "internal", "the server failed to answer " + call.path()
          + "; see its log", e);
    }
    router.refused(call.path(), problem);
    return problem.reply();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    held.forEach(ReferenceCountUtil::release);
    held.clear();
    super.channelInactive(ctx);
  }

  /** Answers a request whose body (if any) is then skipped, keeping the connection. */
  private void refuse(ChannelHandlerContext ctx, HttpRequest request, String path,
      HttpProblem problem) {
    router.refused(path, problem);
    discarding = true;
    answer(ctx, request, problem.reply());
  }

  private static void answer(ChannelHandlerContext ctx, HttpRequest request, HttpReply reply) {
    FullHttpResponse response = response(reply);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(response);
    }
  }

  /** Answers a request that cannot be read further (for {@code path}), and closes. */
  private void answerAndClose(ChannelHandlerContext ctx, String path, HttpProblem problem) {
    router.refused(path, problem);
    discarding = true;
    FullHttpResponse response = response(problem.reply());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  static FullHttpResponse response(HttpReply reply) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
    reply.headers().forEach((name, value) -> response.headers().set(name, value));
    if (!response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    }
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
    response.headers().set("x-content-type-options", "nosniff");
    return response;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A peer that resets or speaks garbage TLS: nothing to answer, nothing to keep.
    LOG.log(Level.FINE, "event=http_connection_failed", cause);
    ctx.close();
  }
}
