package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.metrics.Refusals;
import dev.cirrus.server.v1.StatusCodes;
import dev.cirrus.wire.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection of the data path, on its channel's event loop: the hello, then one request
 * at a time, in the order they come (a client may write several before it reads: its answers come
 * in that order). Everything here runs on that loop, so the connection's state needs no locks. A
 * request runs where {@link RequestRunner} says; while it runs elsewhere, or its answers wait for
 * the client to read, the connection stops reading (bytes already read wait in {@link #pending}),
 * so a client holds at most one request running and one read's answers (up to {@link #HELD_MAX}
 * bytes, or one answer larger than that) unwritten. The answers to the requests of one read are
 * written together, one write for all of them instead of one each. A protocol violation is
 * answered with an ERROR frame and ends the connection; the server and its other connections go
 * on. A frame refused at its start (too large, over the bytes in flight, of the wrong kind) is
 * read to its end and dropped after the answer, so a client still writing it reads why instead of
 * having its write reset.
 *
 * <p>A frame is read into a buffer that grows with the bytes that arrive ({@link FrameReader}),
 * beyond its first bytes within the connection's share of the listener's {@link InFlightBytes},
 * given back once the request is answered.
 *
 * <p>Every wait for the client is bounded by its {@link Deadline} (a request answered at once
 * costs no timer): the TLS handshake with the hello, and a request from its first byte until its
 * answer is written (not counting the time it waits for and runs on a pool, or waits for the
 * store, which is the server's), end with the connection dropped; an idle wait past the idle timeout ends with
 * GOODBYE.
 *
 * <p>{@link #end()} (the listener closing): an idle connection is told GOODBYE and closed at once;
 * a busy one finishes its request, answers it, then says GOODBYE; a request whose frame is still
 * arriving is not run, and GOODBYE says so.
 */
final class DataConnection extends ChannelInboundHandlerAdapter {
  /**
   * The largest hello: a token and a client id need a few hundred bytes, and a connection that has
   * not authenticated must not make the server allocate a request-sized buffer.
   */
  static final int MAX_HELLO_LENGTH = 16 * 1024;
  /** The most bytes of answers held to be written together. */
  static final int HELD_MAX = 64 * 1024;

  private static final Logger LOG = Logger.getLogger(DataConnection.class.getName());
  private static final byte[] GOODBYE = Frames.goodbye();
  private static final byte[] HELLO_ACCEPTED = Frames.ok();

  private enum State {
    /** TLS handshake and hello. */
    OPENING,
    /** Waiting for the first byte of the next request. */
    IDLE,
    /** A request's frame is arriving. */
    READING,
    /** Running or answering a request (or the hello). */
    BUSY,
    /** A refusal was answered; the rest of the refused frame is read and dropped. */
    DRAINING,
    /** Writing a last frame (GOODBYE, a refusal), then closing. */
    ENDING,
    CLOSED
  }

  private final RequestRunner runner;
  private final DataRequests requests;
  private final DataPathOptions options;
  private final DataPathCounters counters;
  /** This connection's place in the listener's counts; null for one that is only refused. */
  private final Admission.Ticket ticket;
  /** Why the connection is refused as soon as it can be answered; null when it is served. */
  private final String refusal;
  /** The request bytes this connection holds beyond each frame's first ones. */
  private final InFlightBytes.Share inFlight;
  private final long idleTimeoutNanos;
  private final long frameTimeoutNanos;
  private final FrameReader reader = new FrameReader();
  private ChannelHandlerContext ctx;
  private State state = State.OPENING;
  private Caller caller;
  /** The listener is closing: GOODBYE after the request in progress, which a frame in arrival is not. */
  private boolean endAsked;
  /** The client shut its side: answer what was sent, then close. */
  private boolean inputEnded;
  /**
   * A request runs on a pool, or waits for the store's answer: its answer, and the giving back of
   * its bytes, are to come.
   */
  private boolean onPool;
  /** Bytes that arrived while a request ran; read once it is answered. */
  private ByteBuf pending;
  /** Bytes of a refused frame still to drop. */
  private long drainLeft;
  private final Deadline deadline;
  /** Requests of a read are being answered: their answers are held and written together. */
  private boolean inRead;
  /** Bytes of answers held. */
  private int held;
  /** The write of the last answer held, or null when none is held. */
  private ChannelFuture lastHeld;

  /**
   * @param ticket the connection's place in the listener's counts, or null when it is refused
   * @param refusal why it is refused (RESOURCE_EXHAUSTED), or null when it is served
   * @param inFlight its share of the bytes the listener's connections may hold
   * @param acceptedNanos when it was accepted, the start of its opening deadline
   */
  DataConnection(RequestRunner runner, DataRequests requests, DataPathOptions options,
      DataPathCounters counters, Admission.Ticket ticket, String refusal,
      InFlightBytes.Share inFlight, long acceptedNanos) {
    this.runner = requireNonNull(runner, "runner");
    this.requests = requireNonNull(requests, "requests");
    this.options = requireNonNull(options, "options");
    this.counters = requireNonNull(counters, "counters");
    this.ticket = ticket;
    this.refusal = refusal;
    this.inFlight = requireNonNull(inFlight, "inFlight");
    this.idleTimeoutNanos = options.idleTimeoutNanos();
    this.frameTimeoutNanos = options.frameTimeoutNanos();
    this.deadline =
        new Deadline(this::deadlinePassed, acceptedNanos + options.openingTimeoutNanos());
    reader.limits(Math.min(options.maxFrameLength(), MAX_HELLO_LENGTH), Frames.Allowance.UNBOUNDED);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    armDeadline();
    if (options.tls() == null) {
      secured();
    }
    ctx.fireChannelActive();
  }

  /** The connection speaks the protocol now: in plaintext, or once its TLS handshake is done. */
  private void secured() {
    if (refusal != null) {
      refuse(StatusCodes.RESOURCE_EXHAUSTED, refusal);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake) {
      if (handshake.isSuccess()) {
        counters.tlsHandshakes.increment();
        secured();
      } else {
        LOG.log(Level.FINEST, handshake.cause(), () -> "event=data_tls_handshake_failed");
        drop();
      }
    } else if (event == TlsSniffer.PLAINTEXT) {
      if (ticket != null) {
        // A connection refused for want of room was counted so when accepted.
        requests.refused(StatusCodes.FAILED_PRECONDITION, Refusals.Reason.BAD_REQUEST);
      }
      refuse(StatusCodes.FAILED_PRECONDITION,
          "this data path port serves TLS only; connect with cirrus+tls:// (the Cirrus JCache"
              + " provider does so when its URI is cirrus+tls://)");
    } else if (event instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      afterInputEnded();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    inRead = true;
    try {
      consume(in);
    } finally {
      inRead = false;
      in.release();
    }
    flushHeld();
    armDeadline();
  }

  /** Takes the bytes as far as the state allows; what a busy connection cannot take yet waits. */
  private void consume(ByteBuf in) {
    while (in.isReadable()) {
      switch (state) {
        case OPENING -> opening(in);
        case IDLE -> {
          state = State.READING;
          deadline.at(System.nanoTime() + frameTimeoutNanos);
        }
        case READING -> reading(in);
        case DRAINING -> drain(in);
        case BUSY -> {
          keep(in);
          return;
        }
        default -> {
          in.skipBytes(in.readableBytes());
          return;
        }
      }
    }
  }

  private void opening(ByteBuf in) {
    if (refusal != null) {
      in.skipBytes(in.readableBytes()); // refused: nothing it says is read
      return;
    }
    int event = reader.read(in);
    if (event == FrameReader.TOO_LARGE && reader.announced() == 0) {
      refuseEmptyFrame();
    } else if (event == FrameReader.TOO_LARGE) {
      refuseFrame("the data path refused a hello frame of " + reader.announced() + " bytes over"
          + " the limit of " + Math.min(options.maxFrameLength(), MAX_HELLO_LENGTH) + " bytes; a"
          + " hello carries a token and a client id only: use the Cirrus JCache provider, or gRPC",
          reader.announced(), Refusals.Reason.TOO_LARGE);
    } else if (event == FrameReader.FRAME) {
      byte kind = reader.kind();
      hello(kind, reader.takePayload());
    }
  }

  private void hello(byte kind, byte[] payload) {
    if (kind != Frames.HELLO) {
      requests.refused(StatusCodes.INVALID_ARGUMENT, Refusals.Reason.BAD_REQUEST);
      refuse(StatusCodes.INVALID_ARGUMENT,
          "the data path expects a hello frame first; use the Cirrus JCache provider, or gRPC");
      return;
    }
    Caller authenticated;
    try {
      authenticated = requests.hello(payload);
    } catch (Frames.MalformedFrameException e) {
      refuseMalformed(e.getMessage());
      return;
    } catch (RuntimeException e) {
      endWith(DataRequests.error(e));
      return;
    }
    try {
      ticket.authenticate(authenticated.account());
    } catch (Admission.RefusedException e) {
      counters.refusedConnections.increment();
      requests.refused(StatusCodes.RESOURCE_EXHAUSTED, Refusals.Reason.CONNECTIONS);
      LOG.warning(() -> "event=data_connection_refused reason=\"" + e.getMessage() + "\"");
      refuse(StatusCodes.RESOURCE_EXHAUSTED, e.getMessage());
      return;
    }
    caller = authenticated;
    reader.limits(options.maxFrameLength(), inFlight);
    state = State.BUSY;
    send(Unpooled.wrappedBuffer(HELLO_ACCEPTED));
  }

  private void reading(ByteBuf in) {
    int event = reader.read(in);
    switch (event) {
      case FrameReader.HEADER, FrameReader.FRAME -> {
        if (reader.kind() != Frames.REQUEST) {
          long unread = reader.unread();
          byte kind = reader.kind();
          reader.reset();
          requests.refused(StatusCodes.INVALID_ARGUMENT, Refusals.Reason.BAD_REQUEST);
          refuseAndDrop(StatusCodes.INVALID_ARGUMENT,
              "the data path expects request frames after the hello, got kind " + kind, unread);
        } else if (event == FrameReader.FRAME) {
          request(reader.takePayload());
        }
      }
      case FrameReader.TOO_LARGE -> {
        if (reader.announced() == 0) {
          refuseEmptyFrame();
        } else {
          refuseFrame("the data path refused a frame of " + reader.announced() + " bytes over"
              + " the limit of " + options.maxFrameLength() + " bytes: a request may have at most "
              + options.maxRequestBytes() + " bytes and a value at most "
              + options.maxValueBytes() + " bytes (--max-value-bytes); store smaller values or"
              + " send smaller batches", reader.announced(), Refusals.Reason.TOO_LARGE);
        }
      }
      case FrameReader.NO_ROOM -> {
        inFlight.release();
        refuseFrame("the data path refused a frame of " + reader.length() + " bytes: the server"
            + " already holds its limit of " + options.limits().maxBytesInFlight() + " bytes of"
            + " requests in flight (--data-max-bytes-in-flight); retry shortly, or send smaller"
            + " batches", reader.unread(), Refusals.Reason.BYTES_IN_FLIGHT);
      }
      default -> { } // MORE: every byte taken
    }
  }

  private void request(byte[] payload) {
    if (endAsked) {
      // Asked to close while the request was arriving: it is not run, and the GOODBYE says so.
      inFlight.release();
      end(GOODBYE);
      return;
    }
    state = State.BUSY;
    ByteBuf answer = runner.run(caller, payload, ctx.executor(), this::answeredElsewhere);
    if (answer == null) {
      onPool = true;
      pauseReading();
    } else {
      answer(answer);
    }
  }

  /** A pool's answer, or the store's, back on the loop. */
  private void answeredElsewhere(ByteBuf answer) {
    onPool = false;
    if (state != State.BUSY) {
      inFlight.release(); // dropped meanwhile
      answer.release();
      return;
    }
    // The client has the frame deadline to read its answer, whatever the pool took.
    deadline.at(System.nanoTime() + frameTimeoutNanos);
    answer(answer);
    resume();
  }

  private void answer(ByteBuf answer) {
    inFlight.release();
    // Counted before the client can see the answer, so a client that got it finds it counted.
    counters.requests.increment();
    send(answer);
  }

  /**
   * Writes an answer of a BUSY connection, which is idle again once the answer is written. While
   * the requests of one read are answered, their answers are held, up to {@link #HELD_MAX} bytes,
   * and written together once the read is taken ({@link #flushHeld}): a client that sends several
   * requests before it reads gets their answers in one write, not one each.
   */
  private void send(ByteBuf frame) {
    int length = frame.readableBytes();
    if (inRead && state == State.BUSY && !endAsked && held + length <= HELD_MAX) {
      held += length;
      lastHeld = ctx.write(frame);
      answered(); // idle again: endAsked, which would owe a GOODBYE, is not held
      return;
    }
    ChannelFuture written = ctx.writeAndFlush(frame);
    held = 0;
    lastHeld = null;
    if (written.isDone()) {
      sent(written);
    } else {
      pauseReading();
      written.addListener(f -> {
        sent(written);
        resume();
      });
    }
  }

  private void sent(ChannelFuture written) {
    if (!written.isSuccess()) {
      LOG.log(Level.FINEST, written.cause(), () -> "event=data_connection_ended");
      drop();
    } else if (state == State.BUSY) {
      answered();
    }
  }

  /** A BUSY connection's answer is out: GOODBYE if the listener is closing, else idle again. */
  private void answered() {
    if (endAsked) {
      end(GOODBYE);
    } else {
      state = State.IDLE;
      deadline.at(System.nanoTime() + idleTimeoutNanos);
    }
  }

  /**
   * Writes the answers held while a read was taken; until they are written, nothing more is read
   * (so a client holds at most one read's answers in this server).
   */
  private void flushHeld() {
    ChannelFuture written = lastHeld;
    if (written == null) {
      return;
    }
    held = 0;
    lastHeld = null;
    ctx.flush();
    if (written.isDone()) {
      if (!written.isSuccess()) {
        drop();
      }
      return;
    }
    // Not all written: the client has the frame deadline to read them, and sends nothing more
    // that this server reads until it has.
    if (state == State.IDLE) {
      state = State.BUSY;
      deadline.at(System.nanoTime() + frameTimeoutNanos);
      pauseReading();
      written.addListener(f -> {
        sent(written);
        resume();
      });
    } else if (state == State.READING) {
      pauseReading();
      written.addListener(f -> {
        if (!f.isSuccess()) {
          drop();
        } else if (state == State.READING) {
          ctx.channel().config().setAutoRead(true);
        }
      });
    } else {
      written.addListener(f -> {
        if (!f.isSuccess()) {
          drop();
        }
      });
    }
  }

  /** Once a request is answered: the bytes that arrived meanwhile, then reading again. */
  private void resume() {
    if (state != State.IDLE) {
      return;
    }
    if (pending != null) {
      ByteBuf waiting = pending;
      pending = null;
      try {
        consume(waiting);
      } finally {
        waiting.release();
      }
    }
    if (inputEnded) {
      afterInputEnded();
    } else if (state != State.BUSY) {
      ctx.channel().config().setAutoRead(true);
    }
    armDeadline();
  }

  private void keep(ByteBuf in) {
    if (pending == null) {
      pending = ctx.alloc().buffer(in.readableBytes());
    }
    pending.writeBytes(in);
    pauseReading();
  }

  private void pauseReading() {
    ctx.channel().config().setAutoRead(false);
  }

  /** The client shut its side: what it sent before is answered, a frame it cut is refused. */
  private void afterInputEnded() {
    switch (state) {
      case OPENING -> {
        if (reader.started()) {
          refuseMalformed("a frame that ends early");
        } else {
          drop();
        }
      }
      case READING -> refuseMalformed("a frame that ends early");
      case IDLE, DRAINING -> drop();
      default -> { } // busy: closed once answered; ending: closed once written
    }
  }

  private void drain(ByteBuf in) {
    int n = (int) Math.min(in.readableBytes(), drainLeft);
    in.skipBytes(n);
    drainLeft -= n;
    if (drainLeft == 0) {
      drop();
    }
  }

  /** A length of 0 leaves no room for the frame's kind: the frame is malformed, not too large. */
  private void refuseEmptyFrame() {
    reader.reset();
    requests.refused(StatusCodes.INVALID_ARGUMENT, Refusals.Reason.BAD_REQUEST);
    refuse(StatusCodes.INVALID_ARGUMENT,
        "the data path received a frame of length 0, without its kind; use the Cirrus JCache"
            + " provider, or gRPC");
  }

  private void refuseMalformed(String what) {
    requests.refused(StatusCodes.INVALID_ARGUMENT, Refusals.Reason.BAD_REQUEST);
    refuse(StatusCodes.INVALID_ARGUMENT, "the data path received a malformed frame (" + what + ")");
  }

  /**
   * Refuses a frame for its size or for want of room in the bytes in flight ({@code reason}), and
   * drops the {@code unread} rest of it ({@link #refuseAndDrop}).
   */
  private void refuseFrame(String description, long unread, Refusals.Reason reason) {
    reader.reset();
    counters.refusedFrames.increment();
    requests.refused(StatusCodes.RESOURCE_EXHAUSTED, reason);
    LOG.fine(() -> "event=data_frame_refused reason=\"" + description + "\"");
    refuseAndDrop(StatusCodes.RESOURCE_EXHAUSTED, description, unread);
  }

  /**
   * Answers a protocol violation found at the start of a frame, then reads and drops the rest of
   * the frame ({@code unread} bytes, or until the client stops sending or the deadline passes), so
   * that a client still writing it reads the answer rather than finding its write reset. The
   * output is shut after the answer (in plaintext): a client reading it sees the connection end.
   */
  private void refuseAndDrop(int statusCode, String description, long unread) {
    state = State.DRAINING;
    drainLeft = unread;
    ChannelFuture written = ctx.writeAndFlush(refusal(statusCode, description));
    written.addListener(f -> {
      if (!f.isSuccess() || drainLeft == 0 || inputEnded) {
        drop();
      } else if (ctx.channel() instanceof SocketChannel socket && options.tls() == null) {
        socket.shutdownOutput();
      }
    });
  }

  /** Answers a protocol violation, then says goodbye: nothing more is read from this connection. */
  private void refuse(int statusCode, String description) {
    endWith(refusal(statusCode, description));
  }

  private static ByteBuf refusal(int statusCode, String description) {
    return Unpooled.wrappedBuffer(Frames.error(statusCode, description, null), GOODBYE);
  }

  /** Writes {@code frame} as the last thing this connection says, then closes it. */
  private void end(byte[] frame) {
    endWith(Unpooled.wrappedBuffer(frame));
  }

  private void endWith(ByteBuf last) {
    state = State.ENDING;
    deadline.at(System.nanoTime() + frameTimeoutNanos);
    armDeadline();
    ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
  }

  /** Closes the connection without a word. */
  private void drop() {
    if (state != State.CLOSED) {
      state = State.CLOSED;
      ctx.close();
    }
  }

  /**
   * Ends the connection as the listener closes: an idle one at once with GOODBYE, a busy one once
   * it has answered. One still opening is closed at once: with TLS nothing can be written before
   * its handshake. Call on the connection's loop.
   */
  void end() {
    switch (state) {
      case OPENING -> drop();
      case IDLE -> end(GOODBYE);
      case READING, BUSY -> endAsked = true;
      default -> { } // ending already
    }
  }

  private void armDeadline() {
    if (state != State.CLOSED) {
      deadline.arm(ctx.executor());
    }
  }

  private void deadlinePassed() {
    if (state == State.CLOSED) {
      return;
    }
    if (onPool) {
      // The server's wait, not the client's: the pools bound it (per account, and every call
      // to a store ends in its own timeout).
      deadline.at(System.nanoTime() + frameTimeoutNanos);
      armDeadline();
      return;
    }
    if (state == State.IDLE) {
      counters.idleClosed.increment();
      LOG.fine("event=data_connection_ending");
      end(GOODBYE);
      return;
    }
    counters.stalledClosed.increment();
    State stalled = state;
    LOG.fine(() -> "event=data_connection_stalled phase="
        + (stalled == State.OPENING ? "opening" : "request"));
    drop();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The client went away, its TLS handshake failed, or it reset the connection: nothing to answer.
    LOG.log(Level.FINEST, cause, () -> "event=data_connection_ended");
    drop();
  }

  /**
   * Gives back what the closed connection held, before the listener counts it gone (on the
   * connection's loop, from its close future).
   */
  void closed() {
    state = State.CLOSED;
    deadline.cancel();
    if (pending != null) {
      pending.release();
      pending = null;
    }
    if (!onPool) {
      inFlight.release();
    }
  }
}
