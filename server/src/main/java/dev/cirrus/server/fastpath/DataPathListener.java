package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.metrics.Refusals;
import dev.cirrus.server.netty.EventLoops;
import dev.cirrus.server.netty.NettyTls;
import dev.cirrus.server.v1.StatusCodes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Listens for data path connections and serves them all on a few Netty event loops (non-blocking
 * I/O: an idle connection holds no thread, only its socket and a few small objects), in plaintext
 * or, with {@link DataPathOptions#tls()}, TLS 1.2/1.3 only. Each connection is a {@link
 * DataConnection}; its requests run where {@link RequestRunner} says. What connections may hold
 * is bounded by {@link DataPathLimits} ({@link Admission}): a connection over a bound is answered
 * RESOURCE_EXHAUSTED, naming it, and closed, when accepted (connections still to say hello,
 * connections from its address) or at its hello (authenticated connections, connections of its
 * account). Request bytes held beyond each frame's first ones are bounded server-wide ({@link
 * InFlightBytes}).
 *
 * <p>{@link #close} stops accepting, ends idle connections at once and busy ones as soon as they
 * have answered (each told GOODBYE), and returns within {@link #CLOSE_GRACE} and a second.
 */
public final class DataPathListener implements AutoCloseable {
  /** How long {@link #close} lets busy connections finish their request. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
  /**
   * Refused connections being answered at once (with TLS each waits for its handshake); beyond
   * them a refused connection is closed without an answer.
   */
  private static final int REFUSALS_AT_ONCE = 64;
  /** One loop per core: point calls run on the loops, and a core runs one at a time. */
  private static final int LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static final Logger LOG = Logger.getLogger(DataPathListener.class.getName());

  private final EventLoopGroup loops;
  private final DataRequests requests;
  private final RequestRunner runner;
  private final DataPathOptions options;
  private final SslContext tls;
  private final DataPathCounters counters = new DataPathCounters();
  private final Admission admission;
  private final InFlightBytes inFlight;
  /** Served connections (not the refused ones), added when accepted, removed when closed. */
  private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refusing = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Channel server;

  private DataPathListener(EventLoopGroup loops, DataRequests requests, DataPathOptions options) {
    this.loops = loops;
    this.requests = requests;
    this.runner = new RequestRunner(requests);
    this.options = options;
    this.tls = options.tls() == null ? null : NettyTls.server(options.tls());
    this.admission = new Admission(options.limits());
    this.inFlight = new InFlightBytes(options.limits().maxBytesInFlight());
  }

  /** Binds {@code host:port} (0 for a free port) and starts accepting. */
  public static DataPathListener start(String host, int port, DataRequests requests,
      DataPathOptions options) throws IOException {
    requireNonNull(requests, "requests");
    requireNonNull(options, "options");
    EventLoopGroup loops = EventLoops.create(LOOPS, "cirrus-data-loop");
    try {
      DataPathListener listener = new DataPathListener(loops, requests, options);
      listener.server = new ServerBootstrap()
          .group(loops)
          .channel(EventLoops.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          // A client that shuts its side after its last request still reads the answer.
          .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
          // Admitted on the accepting loop, in the order accepted, before the connection goes to
          // its own loop: the first of two connections racing for the last place gets it.
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object accepted) {
              listener.accept((SocketChannel) accepted);
              ctx.fireChannelRead(accepted);
            }
          })
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              // Its handlers were added when it was accepted.
            }
          })
          .bind(new InetSocketAddress(host, port)).sync().channel();
      return listener;
    } catch (Exception e) {
      // bind() fails with the socket's own exception (BindException), undeclared.
      EventLoops.stop(loops, 0);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Whether connections speak TLS. */
  public boolean tls() {
    return tls != null;
  }

  /** What this listener has done so far. */
  public DataPathStats stats() {
    return counters.snapshot(tls(), connections.size(), admission.unauthenticated(),
        inFlight.held());
  }

  /** Takes a new connection into the counts, or refuses it; on the accepting loop. */
  private void accept(SocketChannel channel) {
    long acceptedNanos = System.nanoTime();
    InetSocketAddress remote = channel.remoteAddress();
    if (closed.get() || remote == null) {
      channel.close(); // closing, or the client gone already
      return;
    }
    Admission.Ticket ticket;
    try {
      ticket = admission.open(remote.getAddress());
    } catch (Admission.RefusedException e) {
      refuse(channel, e.getMessage(), acceptedNanos);
      return;
    }
    DataConnection connection = new DataConnection(runner, requests, options, counters, ticket,
        null, inFlight.share(), acceptedNanos);
    connections.add(channel);
    channel.closeFuture().addListener(f -> {
      connection.closed();
      connections.remove(channel);
      ticket.release();
    });
    counters.accepted.increment();
    serve(channel, connection);
  }

  private void refuse(SocketChannel channel, String description, long acceptedNanos) {
    counters.refusedConnections.increment();
    requests.refused(StatusCodes.RESOURCE_EXHAUSTED, Refusals.Reason.CONNECTIONS);
    LOG.warning(() -> "event=data_connection_refused reason=\"" + description + "\"");
    if (refusing.incrementAndGet() > REFUSALS_AT_ONCE) {
      refusing.decrementAndGet();
      LOG.warning("event=data_refusal_dropped reason=\"too many refusals at once\"");
      channel.close();
      return;
    }
    DataConnection connection = new DataConnection(runner, requests, options, counters, null,
        description, inFlight.share(), acceptedNanos);
    channel.closeFuture().addListener(f -> {
      connection.closed();
      refusing.decrementAndGet();
    });
    serve(channel, connection);
  }

  private void serve(SocketChannel channel, DataConnection connection) {
    if (tls != null) {
      channel.pipeline().addLast("sniffer", new TlsSniffer(tls));
    }
    channel.pipeline().addLast("connection", connection);
  }

  /** Stops accepting and closes every connection, busy ones once they answered; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    for (Channel channel : connections) {
      DataConnection connection = channel.pipeline().get(DataConnection.class);
      if (connection != null) {
        channel.eventLoop().execute(connection::end);
      }
    }
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    for (Channel channel : connections) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
        break;
      }
    }
    for (Channel channel : connections) {
      channel.close();
    }
    EventLoops.stop(loops, 500);
  }
}
