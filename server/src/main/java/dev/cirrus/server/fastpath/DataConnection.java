package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.ConnectionAuth;
import io.grpc.Status;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection of the data path, served by its own thread: the hello, then one request at
 * a time, each run and answered on this thread with no hand-off. A protocol violation is answered
 * with an ERROR frame and ends the connection; the server and its other connections go on.
 *
 * <p>{@link #close} may come from any thread. An idle connection is told GOODBYE and closed at
 * once; a busy one finishes its request, answers it, then says GOODBYE. The state (idle, busy,
 * closing, closed) lives in one atomic, so a request read after the GOODBYE was sent is never run.
 */
final class DataConnection implements Runnable {
  /** How long a new connection may take to send its hello. */
  static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
  /**
   * The largest hello: a token and a client id need a few hundred bytes, and a connection that has
   * not authenticated must not make the server allocate a request-sized buffer.
   */
  static final int MAX_HELLO_LENGTH = 16 * 1024;

  private static final Logger LOG = Logger.getLogger(DataConnection.class.getName());
  private static final byte[] GOODBYE = Frames.frame(Frames.GOODBYE, new byte[0]);
  private static final int IDLE = 0;
  private static final int BUSY = 1;
  private static final int CLOSING = 2;
  private static final int CLOSED = 3;

  private final Socket socket;
  private final DataRequests requests;
  private final int maxFrameLength;
  private final AtomicInteger state = new AtomicInteger(IDLE);

  DataConnection(Socket socket, DataRequests requests, int maxFrameLength) {
    this.socket = requireNonNull(socket, "socket");
    this.requests = requireNonNull(requests, "requests");
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  public void run() {
    try {
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      OutputStream out = socket.getOutputStream();
      try {
        serve(in, out);
      } catch (Frames.FrameTooLargeException e) {
        refuse(out, Status.RESOURCE_EXHAUSTED.withDescription("the data path refused a frame of "
            + e.length() + " bytes, over the server's limit of " + e.limit() + " bytes"));
      } catch (EOFException e) {
        refuse(out, Status.INVALID_ARGUMENT.withDescription(
            "the data path received a malformed frame (" + e.getMessage() + ")"));
      }
    } catch (IOException e) {
      // The client went away, or close() closed the socket: nothing to answer.
      LOG.log(Level.FINEST, e, () -> "event=data_connection_ended");
    } finally {
      state.set(CLOSED);
      closeSocket();
    }
  }

  private void serve(DataInputStream in, OutputStream out) throws IOException {
    socket.setSoTimeout((int) HELLO_TIMEOUT.toMillis());
    Frames.Frame hello = Frames.read(in, Math.min(maxFrameLength, MAX_HELLO_LENGTH));
    if (hello == null) {
      return;
    }
    if (hello.kind() != Frames.HELLO) {
      refuse(out, Status.INVALID_ARGUMENT.withDescription(
          "the data path expects a hello frame first; use the Cirrus JCache provider, or gRPC"));
      return;
    }
    ConnectionAuth.Session session;
    try {
      session = requests.hello(hello.payload());
    } catch (RuntimeException e) {
      out.write(DataRequests.error(e));
      return;
    }
    out.write(Frames.frame(Frames.OK, new byte[0]));
    socket.setSoTimeout(0);
    while (true) {
      Frames.Frame frame = Frames.read(in, maxFrameLength);
      if (frame == null || !state.compareAndSet(IDLE, BUSY)) {
        return;
      }
      if (frame.kind() != Frames.REQUEST) {
        refuse(out, Status.INVALID_ARGUMENT.withDescription(
            "the data path expects request frames after the hello, got kind " + frame.kind()));
        return;
      }
      out.write(requests.answer(session, frame.payload()));
      if (!state.compareAndSet(BUSY, IDLE)) {
        out.write(GOODBYE);
        return;
      }
    }
  }

  /** Answers a protocol violation, then says goodbye: nothing more is read from this connection. */
  private void refuse(OutputStream out, Status status) {
    try {
      out.write(Frames.error(status, null));
      out.write(GOODBYE);
    } catch (IOException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_connection_refusal_unsent");
    }
  }

  /**
   * Closes an idle connection now (with a GOODBYE) and a busy one once it has answered; returns
   * whether the connection was busy.
   */
  boolean close() {
    while (true) {
      int now = state.get();
      if (now == IDLE && state.compareAndSet(IDLE, CLOSED)) {
        try {
          socket.getOutputStream().write(GOODBYE);
        } catch (IOException e) {
          LOG.log(Level.FINEST, e, () -> "event=data_connection_goodbye_unsent");
        }
        closeSocket();
        return false;
      }
      if (now == BUSY && state.compareAndSet(BUSY, CLOSING)) {
        return true;
      }
      if (now == CLOSING || now == CLOSED) {
        return false;
      }
    }
  }

  /** Closes the socket whatever the connection is doing. */
  void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_socket_close_failed");
    }
  }
}
