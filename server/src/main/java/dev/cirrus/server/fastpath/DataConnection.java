package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.metrics.Refusals;
import dev.cirrus.server.v1.StatusCodes;
import dev.cirrus.wire.Frames;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocket;

/**
 * One client connection of the data path, served by its own thread: the TLS handshake (when the
 * listener has TLS), the hello, then one request at a time, each run and answered on this thread
 * with no hand-off. A protocol violation is answered with an ERROR frame and ends the connection;
 * the server and its other connections go on. A frame refused at its start (too large, over the
 * bytes in flight, of the wrong kind) is read to its end and dropped after the answer, so a client
 * still writing it reads why instead of having its write reset.
 *
 * <p>A frame is read into a buffer that grows with the bytes that arrive ({@link
 * Frames#readPayload}), beyond its first bytes within the connection's share of the listener's
 * {@link InFlightBytes}, given back once the request is answered.
 *
 * <p>Every wait for the client is bounded by {@link #deadlineNanos}, which the listener's watchdog
 * enforces ({@link #expireIfDue}): the handshake with the hello, and a request from its first byte
 * until its answer is written, end with the socket closed; an idle wait past the idle timeout ends
 * with the watchdog shutting the socket's input, which wakes this connection's thread to say
 * GOODBYE and close. The socket has no read timeout: with one, every read that finds no request
 * waiting would cost two more system calls (the JDK then polls a non-blocking socket), about a
 * microsecond on each request.
 *
 * <p>{@link #close} may come from any thread. An idle connection is told GOODBYE and closed at
 * once; a busy one finishes its request, answers it, then says GOODBYE. The state (opening, idle,
 * busy, closing, closed) lives in one atomic, so a request read after the GOODBYE was sent is
 * never run.
 */
final class DataConnection implements Runnable {
  /**
   * The largest hello: a token and a client id need a few hundred bytes, and a connection that has
   * not authenticated must not make the server allocate a request-sized buffer.
   */
  static final int MAX_HELLO_LENGTH = 16 * 1024;
  /** The first byte of a TLS handshake record, as every ClientHello starts. */
  private static final int TLS_HANDSHAKE_RECORD = 0x16;

  private static final Logger LOG = Logger.getLogger(DataConnection.class.getName());
  private static final byte[] GOODBYE = Frames.goodbye();
  private static final byte[] HELLO_ACCEPTED = Frames.ok();
  /** TLS handshake and hello. */
  private static final int OPENING = 0;
  /** Waiting for the first byte of the next request. */
  private static final int IDLE = 1;
  /** Reading, running or answering a request (or writing the idle GOODBYE). */
  private static final int BUSY = 2;
  /** Busy, and asked to close: GOODBYE once the answer is written. */
  private static final int CLOSING = 3;
  private static final int CLOSED = 4;
  /**
   * Idle, and being ended (past the idle timeout, or the server is closing): the thread, woken by
   * shutting the socket's input, says GOODBYE and closes. No other thread writes to the socket,
   * so a client that stopped reading can stall only its own connection's thread.
   */
  private static final int ENDING = 5;

  private final Socket socket;
  private final DataRequests requests;
  private final DataPathOptions options;
  private final String[] tlsProtocols;
  private final DataPathCounters counters;
  /** This connection's place in the listener's counts; null for one that is only refused. */
  private final Admission.Ticket ticket;
  /** The request bytes this connection holds beyond each frame's first ones. */
  private final InFlightBytes.Share inFlight;
  /** The options' bounds in nanoseconds, converted once: two of them are read on every request. */
  private final long idleTimeoutNanos;
  private final long frameTimeoutNanos;
  private final AtomicInteger state = new AtomicInteger(OPENING);
  /**
   * When the current opening or busy phase must be over. Written by this connection's thread
   * before the state change that starts the phase, so a watchdog that sees the state sees it.
   */
  private volatile long deadlineNanos;
  /** The stream answers go to (TLS or plain); set before the connection leaves OPENING. */
  private volatile OutputStream out;

  /**
   * @param tlsProtocols the protocols to allow when {@code options} has TLS
   * @param ticket the connection's place in the listener's counts, or null when it is only to be
   *     {@link #refuse(int, String) refused}
   * @param inFlight its share of the bytes the listener's connections may hold
   * @param acceptedNanos when the socket was accepted, the start of its opening deadline
   */
  DataConnection(Socket socket, DataRequests requests, DataPathOptions options,
      String[] tlsProtocols, DataPathCounters counters, Admission.Ticket ticket,
      InFlightBytes.Share inFlight, long acceptedNanos) {
    this.socket = requireNonNull(socket, "socket");
    this.requests = requireNonNull(requests, "requests");
    this.options = requireNonNull(options, "options");
    this.tlsProtocols = requireNonNull(tlsProtocols, "tlsProtocols");
    this.counters = requireNonNull(counters, "counters");
    this.ticket = ticket;
    this.inFlight = requireNonNull(inFlight, "inFlight");
    this.idleTimeoutNanos = options.idleTimeoutNanos();
    this.frameTimeoutNanos = options.frameTimeoutNanos();
    this.deadlineNanos = acceptedNanos + options.openingTimeoutNanos();
  }

  @Override
  public void run() {
    try {
      Socket channel = secure();
      if (channel == null) {
        return;
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(channel.getInputStream()));
      out = channel.getOutputStream();
      try {
        serve(channel, in, out);
      } catch (EOFException e) {
        requests.refused(StatusCodes.INVALID_ARGUMENT, Refusals.Reason.BAD_REQUEST);
        refuse(out, StatusCodes.INVALID_ARGUMENT,
            "the data path received a malformed frame (" + e.getMessage() + ")");
      }
    } catch (IOException e) {
      // The client went away, its TLS handshake failed, or the socket was closed under this
      // thread (close(), or the watchdog): nothing to answer.
      LOG.log(Level.FINEST, e, () -> "event=data_connection_ended");
    } finally {
      state.set(CLOSED);
      inFlight.release();
      closeSocket();
    }
  }

  /**
   * The socket to speak the protocol on: this one in plaintext, a TLS layer over it once its
   * handshake is done. Null when a plaintext client reached a TLS listener: it is told so (in
   * plaintext, which is what it understands) rather than left waiting for a handshake.
   */
  private Socket secure() throws IOException {
    if (options.tls() == null) {
      return socket;
    }
    int first = socket.getInputStream().read();
    if (first < 0) {
      return null;
    }
    if (first != TLS_HANDSHAKE_RECORD) {
      if (ticket != null) {
        // A connection refused for want of room was counted so when accepted.
        requests.refused(StatusCodes.FAILED_PRECONDITION, Refusals.Reason.BAD_REQUEST);
      }
      refuse(socket.getOutputStream(), StatusCodes.FAILED_PRECONDITION,
          "this data path port serves TLS only; connect with cirrus+tls:// (the Cirrus JCache"
              + " provider does so when its URI is cirrus+tls://)");
      return null;
    }
    // The byte read to tell TLS from plaintext is handed back to the TLS layer as its first.
    SSLSocket tls = (SSLSocket) options.tls().getSocketFactory().createSocket(
        socket, new ByteArrayInputStream(new byte[] {(byte) first}), true);
    tls.setEnabledProtocols(tlsProtocols);
    tls.startHandshake();
    counters.tlsHandshakes.increment();
    return tls;
  }

  private void serve(Socket channel, DataInputStream in, OutputStream out) throws IOException {
    Frames.Frame hello;
    try {
      hello = Frames.read(in, Math.min(options.maxFrameLength(), MAX_HELLO_LENGTH));
    } catch (Frames.FrameTooLargeException e) {
      if (e.length() == 0) {
        refuseEmptyFrame(out);
        return;
      }
      refuseFrame(channel, in, out, "the data path refused a hello frame of " + e.length()
          + " bytes over the limit of " + e.limit() + " bytes; a hello carries a token and a"
          + " client id only: use the Cirrus JCache provider, or gRPC", e.length(),
          Refusals.Reason.TOO_LARGE);
      return;
    }
    if (hello == null) {
      return;
    }
    if (hello.kind() != Frames.HELLO) {
      requests.refused(StatusCodes.INVALID_ARGUMENT, Refusals.Reason.BAD_REQUEST);
      refuse(out, StatusCodes.INVALID_ARGUMENT,
          "the data path expects a hello frame first; use the Cirrus JCache provider, or gRPC");
      return;
    }
    Caller caller;
    try {
      caller = requests.hello(hello.payload());
    } catch (RuntimeException e) {
      out.write(DataRequests.error(e));
      return;
    }
    try {
      ticket.authenticate(caller.account());
    } catch (Admission.RefusedException e) {
      counters.refusedConnections.increment();
      requests.refused(StatusCodes.RESOURCE_EXHAUSTED, Refusals.Reason.CONNECTIONS);
      LOG.warning(() -> "event=data_connection_refused reason=\"" + e.getMessage() + "\"");
      refuse(out, StatusCodes.RESOURCE_EXHAUSTED, e.getMessage());
      return;
    }
    // Answering the hello is busy like answering a request, so a close() that comes meanwhile
    // waits for the OK and is then told GOODBYE, rather than cutting the connection mid-answer.
    if (!state.compareAndSet(OPENING, BUSY)) {
      return;
    }
    out.write(HELLO_ACCEPTED);
    deadlineNanos = System.nanoTime() + idleTimeoutNanos;
    if (!state.compareAndSet(BUSY, IDLE)) {
      out.write(GOODBYE);
      return;
    }
    while (true) {
      int first;
      try {
        first = in.read();
      } catch (IOException e) {
        sayGoodbyeIfEnding(out);
        throw e;
      }
      deadlineNanos = System.nanoTime() + frameTimeoutNanos;
      if (first < 0 || !state.compareAndSet(IDLE, BUSY)) {
        // Ending (the read was woken, or a request came as it was being ended: it is not run, and
        // the GOODBYE tells the client to send it again), closed, or the client left.
        sayGoodbyeIfEnding(out);
        return;
      }
      byte[] payload = readRequest(first, channel, in, out);
      if (payload == null) {
        return;
      }
      if (state.get() != BUSY) {
        // Asked to close while the request was arriving: it is not run, and the GOODBYE says so.
        out.write(GOODBYE);
        return;
      }
      byte[] answer = requests.answer(caller, payload);
      inFlight.release();
      // Counted before the client can see the answer, so a client that got it finds it counted.
      counters.requests.increment();
      out.write(answer);
      // The idle deadline, set before the state says idle, so a watchdog that sees one sees the other.
      deadlineNanos = System.nanoTime() + idleTimeoutNanos;
      if (!state.compareAndSet(BUSY, IDLE)) {
        out.write(GOODBYE);
        return;
      }
    }
  }

  /**
   * The payload of the REQUEST frame whose first byte was {@code first}, read into a buffer that
   * grows with the bytes that arrive, within this connection's share of the bytes in flight; or
   * null when the frame was refused (answered, and the connection is to end).
   */
  private byte[] readRequest(int first, Socket channel, DataInputStream in, OutputStream out)
      throws IOException {
    int length;
    try {
      length = Frames.readLength(first, in, options.maxFrameLength());
    } catch (Frames.FrameTooLargeException e) {
      if (e.length() == 0) {
        refuseEmptyFrame(out);
        return null;
      }
      refuseFrame(channel, in, out, "the data path refused a frame of " + e.length()
          + " bytes over the limit of " + e.limit() + " bytes: a request may have at most "
          + options.maxRequestBytes() + " bytes and a value at most " + options.maxValueBytes()
          + " bytes (--max-value-bytes); store smaller values or send smaller batches",
          e.length(), Refusals.Reason.TOO_LARGE);
      return null;
    }
    byte kind = in.readByte();
    if (kind != Frames.REQUEST) {
      requests.refused(StatusCodes.INVALID_ARGUMENT, Refusals.Reason.BAD_REQUEST);
      refuseAndDrop(channel, in, out, StatusCodes.INVALID_ARGUMENT,
          "the data path expects request frames after the hello, got kind " + kind, length - 1);
      return null;
    }
    try {
      return Frames.readPayload(in, length - 1, inFlight);
    } catch (Frames.AllowanceExceededException e) {
      inFlight.release();
      refuseFrame(channel, in, out, "the data path refused a frame of " + length + " bytes: the"
          + " server already holds its limit of " + options.limits().maxBytesInFlight()
          + " bytes of requests in flight (--data-max-bytes-in-flight); retry shortly, or send"
          + " smaller batches", e.unread(), Refusals.Reason.BYTES_IN_FLIGHT);
      return null;
    }
  }

  /** A length of 0 is read as one out of bounds ({@link Frames#readLength}); it is malformed. */
  private void refuseEmptyFrame(OutputStream out) {
    requests.refused(StatusCodes.INVALID_ARGUMENT, Refusals.Reason.BAD_REQUEST);
    refuse(out, StatusCodes.INVALID_ARGUMENT,
        "the data path received a frame of length 0, without its kind; use the Cirrus JCache"
            + " provider, or gRPC");
  }

  /**
   * Refuses a frame for its size ({@code reason}: its own, or the bytes in flight), and drops the
   * rest of it ({@link #refuseAndDrop}).
   */
  private void refuseFrame(Socket channel, DataInputStream in, OutputStream out,
      String description, long unread, Refusals.Reason reason) {
    counters.refusedFrames.increment();
    requests.refused(StatusCodes.RESOURCE_EXHAUSTED, reason);
    LOG.fine(() -> "event=data_frame_refused reason=\"" + description + "\"");
    refuseAndDrop(channel, in, out, StatusCodes.RESOURCE_EXHAUSTED, description, unread);
  }

  /**
   * Answers a protocol violation found at the start of a frame, then reads and drops the rest of
   * the frame ({@code unread} bytes, or until the client stops sending or the deadline passes),
   * so that a client still writing it reads the answer rather than finding its write reset. The
   * output is shut first: a client reading the answer sees the connection end after it.
   */
  private void refuseAndDrop(Socket channel, DataInputStream in, OutputStream out,
      int statusCode, String description, long unread) {
    refuse(out, statusCode, description);
    try {
      channel.shutdownOutput();
      byte[] dropped = new byte[8192];
      long left = unread;
      while (left > 0) {
        int n = in.read(dropped, 0, (int) Math.min(dropped.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_frame_refusal_drain_ended");
    }
  }

  /**
   * GOODBYE when this idle connection is being ended, for idleness or because the server closes
   * (bounded like an answer: the watchdog, or the listener's close, drops the socket if it cannot
   * be written in time). Written here, not by the thread that ends the connection, so a client
   * that does not read cannot stall the watchdog or the server's shutdown with a full send buffer.
   */
  private void sayGoodbyeIfEnding(OutputStream out) {
    if (state.get() != ENDING) {
      return;
    }
    LOG.fine("event=data_connection_ending");
    try {
      out.write(GOODBYE);
    } catch (IOException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_connection_goodbye_unsent");
    }
  }

  /** Answers a protocol violation, then says goodbye: nothing more is read from this connection. */
  private void refuse(OutputStream out, int statusCode, String description) {
    try {
      out.write(Frames.error(statusCode, description, null));
      out.write(GOODBYE);
    } catch (IOException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_connection_refusal_unsent");
    }
  }

  /**
   * Answers a connection the listener will not serve (too many already) with a refusal of gRPC
   * status {@code statusCode}, on the calling thread, in TLS when the listener has it.
   */
  void refuse(int statusCode, String description) {
    try {
      Socket channel = secure();
      if (channel != null) {
        refuse(channel.getOutputStream(), statusCode, description);
      }
    } catch (IOException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_refusal_unsent");
    } finally {
      closeSocket();
    }
  }

  /**
   * Ends the connection if it has overrun its deadline. An idle one is expired: its input is shut,
   * which wakes its thread to say GOODBYE. One that stalls in its handshake, its hello or the
   * middle of a frame, does not read its answers or its GOODBYE, is dropped. Called by the
   * listener's watchdog.
   */
  void expireIfDue(long nowNanos) {
    int current = state.get();
    if (nowNanos - deadlineNanos < 0) {
      return;
    }
    if (current == IDLE) {
      deadlineNanos = nowNanos + frameTimeoutNanos;
      if (state.compareAndSet(IDLE, ENDING)) {
        counters.idleClosed.increment();
        shutInput();
      }
      return;
    }
    if ((current == OPENING || current == BUSY || current == CLOSING || current == ENDING)
        && state.compareAndSet(current, CLOSED)) {
      counters.stalledClosed.increment();
      LOG.fine(() -> "event=data_connection_stalled phase=" + (current == OPENING ? "opening" : "request"));
      closeSocket();
    }
  }

  /**
   * Ends the connection: an idle one at once (its thread, woken, says GOODBYE), a busy one once it
   * has answered (then GOODBYE). Returns whether its thread is finishing, for the caller to wait
   * for. One still opening is closed at once: with TLS nothing can be written before its handshake.
   */
  boolean close() {
    while (true) {
      int now = state.get();
      if (now == IDLE && state.compareAndSet(IDLE, ENDING)) {
        shutInput();
        return true;
      }
      if (now == OPENING && state.compareAndSet(OPENING, CLOSED)) {
        closeSocket();
        return false;
      }
      if (now == BUSY && state.compareAndSet(BUSY, CLOSING)) {
        return true;
      }
      if (now == CLOSING || now == ENDING) {
        return true; // its thread is saying GOODBYE
      }
      if (now == CLOSED) {
        return false;
      }
    }
  }

  /** Wakes the thread blocked reading this socket: it reads the end of the stream, or fails. */
  private void shutInput() {
    try {
      socket.shutdownInput();
    } catch (IOException e) {
      closeSocket(); // the thread wakes all the same, without a GOODBYE
    }
  }

  /** Closes the socket whatever the connection is doing (the TCP socket: no TLS close to wait for). */
  void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_socket_close_failed");
    }
  }
}
