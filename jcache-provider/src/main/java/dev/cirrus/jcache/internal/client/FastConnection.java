package dev.cirrus.jcache.internal.client;

import com.google.protobuf.MessageLite;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

/**
 * One blocking connection of the data path, plaintext or TLS, used by one thread at a time: the
 * caller writes its request and reads the answer on its own thread, bounded by its deadline.
 *
 * <p>The socket has no read timeout: the JDK reads a socket with a timeout by trying a
 * non-blocking read, polling, and reading again, three system calls where a blocking read is
 * one, on every call whose answer has not arrived yet (nearly all). A call's deadline is kept by
 * {@link DeadlineWatchdog} instead, which closes the connection of a call that overran it. The
 * socket is a channel's: a plain socket stays non-blocking (so polls) for good once a read on it
 * was timed (the TLS handshake's); a channel's goes back to blocking after each timed step.
 */
final class FastConnection implements AutoCloseable {
  /** The largest answer accepted, as the gRPC channel's inbound message limit. */
  static final int MAX_FRAME = 64 * 1024 * 1024 + 16;
  /**
   * Answers up to this size are read into one array of their size: a value at the server's
   * default limit (1 MiB) and its message fit. Larger ones grow as their bytes arrive, so a
   * peer that is not a Cirrus server cannot make this client allocate 64 MiB with five bytes.
   */
  static final int READ_AT_ONCE = 1024 * 1024 + 64 * 1024;
  /**
   * Requests of up to this many bytes are made in a buffer the connection keeps (grown to the
   * largest such request it has sent), not in an array of their own: a put of a 10 KiB value then
   * allocates no copy of it. Larger ones cost a frame array or stream as they are serialized.
   */
  static final int KEPT_BUFFER_MAX = 16 * 1024;

  /**
   * The connection failed before any byte of the answer arrived (write failed, or the server
   * closed): the request may not have run.
   */
  static final class NoAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    NoAnswerException(IOException cause) {
      super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }

  /** {@link #deadline} while no call is in flight. */
  private static final long IDLE = Long.MIN_VALUE;
  /** {@link #deadline} once the watchdog ended an overdue call by closing the connection. */
  private static final long OVERDUE = Long.MIN_VALUE + 1;
  private static final VarHandle DEADLINE;

  static {
    try {
      DEADLINE = MethodHandles.lookup().findVarHandle(FastConnection.class, "deadline", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The TCP socket, under the TLS layer if there is one. */
  private final Socket tcp;
  /** What the protocol is spoken on: {@link #tcp} itself, or the TLS layer over it. */
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  /** When the connection was last taken for a call; kept by the pool. */
  private long lastUsedNanos;
  /**
   * When the call in flight must have its answer ({@link System#nanoTime()}), or {@link #IDLE},
   * or {@link #OVERDUE}; the watchdog and the call settle an overrun by compare-and-set.
   */
  private volatile long deadline = IDLE;
  /** Where requests of up to {@link #KEPT_BUFFER_MAX} bytes are made; one call at a time. */
  private byte[] sendBuffer = new byte[256];

  private FastConnection(Socket tcp, Socket socket) throws IOException {
    this.tcp = tcp;
    this.socket = socket;
    // The TLS handshake timed its reads; the calls' reads are untimed (see the class comment).
    socket.setSoTimeout(0);
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = socket.getOutputStream();
    DeadlineWatchdog.watch(this);
  }

  /**
   * Connects with TCP_NODELAY and, with {@code tls}, runs the TLS handshake, both within {@code
   * timeoutMillis} (the connect as a whole, the handshake per read); the caller sends the hello
   * with {@link #exchange}.
   *
   * @param tls the TLS settings, or null for plaintext
   */
  static FastConnection open(InetSocketAddress address, ClientTls tls, int timeoutMillis)
      throws IOException {
    Socket tcp = SocketChannel.open().socket();
    try {
      // Nagle's algorithm would hold small requests back waiting for more bytes.
      tcp.setTcpNoDelay(true);
      tcp.setKeepAlive(true);
      long start = System.nanoTime();
      tcp.connect(address, Math.max(1, timeoutMillis));
      if (tls == null) {
        return new FastConnection(tcp, tcp);
      }
      int left = timeoutMillis - (int) ((System.nanoTime() - start) / 1_000_000);
      if (left <= 0) {
        throw new SocketTimeoutException("connected, but no time was left for the TLS handshake");
      }
      return new FastConnection(tcp, tls.handshake(tcp, address.getHostString(), left));
    } catch (IOException | RuntimeException e) {
      tcp.close();
      throw e;
    }
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  void lastUsedNanos(long nanos) {
    lastUsedNanos = nanos;
  }

  /**
   * Whether the server sent something while no call was waiting for it: only a GOODBYE (or, with
   * TLS, what closes the session) comes unasked, so such a connection must not carry a request.
   * One system call; with TLS the bytes wait undecrypted in the TCP socket.
   */
  boolean hasUnaskedInput() {
    try {
      return in.available() > 0 || (tcp != socket && tcp.getInputStream().available() > 0);
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * What a call makes of an OK answer's payload, read from the connection: exactly {@code length}
   * bytes, all of which belong to the answer. A large answer can so be read straight into what the
   * caller keeps, with no array of the whole answer first.
   */
  @FunctionalInterface
  interface OkReader<T> {
    T read(DataInputStream in, int length) throws IOException;
  }

  /** An OK answer's payload as one array of its size (growing past {@link #READ_AT_ONCE}). */
  static final OkReader<byte[]> PAYLOAD = FastConnection::payload;

  /** Reads a payload of {@code length} bytes from {@code in} as {@link #PAYLOAD} does. */
  static byte[] payload(DataInputStream in, int length) throws IOException {
    return Frames.readPayload(in, length, READ_AT_ONCE, Frames.Allowance.UNBOUNDED);
  }

  /**
   * The frame that answered a request.
   *
   * @param kind the frame's kind
   * @param ok what the OK reader made of the payload, when the kind is {@link Frames#OK}
   * @param payload the payload of any other kind
   */
  record Answer<T>(byte kind, T ok, byte[] payload) {}

  /**
   * Writes {@code frame} (a HELLO) and reads the one frame that answers it.
   *
   * @throws NoAnswerException when the connection failed before any byte of the answer
   * @throws SocketTimeoutException when no answer came within {@code timeoutMillis}
   */
  Answer<byte[]> exchange(byte[] frame, int timeoutMillis) throws IOException {
    return exchange(frame, frame.length, null, null, 0, timeoutMillis, PAYLOAD);
  }

  /**
   * Sends {@code message} as a REQUEST of {@code method}, written as it is serialized when it is
   * large (see {@link Frames#writeRequest}), and reads the one frame that answers it, an OK's
   * payload through {@code okReader}.
   *
   * @param size {@code message.getSerializedSize()}
   * @throws NoAnswerException when the connection failed before any byte of the answer
   * @throws SocketTimeoutException when no answer came within {@code timeoutMillis}
   * @throws IOException from {@code okReader}, the connection then unusable
   */
  <T> Answer<T> exchange(V1Method method, MessageLite message, int size, int timeoutMillis,
      OkReader<T> okReader) throws IOException {
    int length = Frames.requestLength(size);
    if (length <= KEPT_BUFFER_MAX) {
      if (length > sendBuffer.length) {
        sendBuffer = new byte[Math.min(KEPT_BUFFER_MAX, Integer.highestOneBit(length - 1) << 1)];
      }
      Frames.requestInto(sendBuffer, method, message, size);
      return exchange(sendBuffer, length, null, null, 0, timeoutMillis, okReader);
    }
    if (size < Frames.STREAM_FROM) {
      byte[] frame = Frames.request(method, message);
      return exchange(frame, frame.length, null, null, 0, timeoutMillis, okReader);
    }
    return exchange(null, 0, method, message, size, timeoutMillis, okReader);
  }

  /**
   * Writes the first {@code frameLength} bytes of {@code frame}, or else {@code message} as it is
   * serialized, and reads the answer, within {@code timeoutMillis} (kept by the watchdog).
   */
  private <T> Answer<T> exchange(byte[] frame, int frameLength, V1Method method,
      MessageLite message, int size, int timeoutMillis, OkReader<T> okReader) throws IOException {
    int timeout = Math.max(1, timeoutMillis);
    long due = System.nanoTime() + timeout * 1_000_000L;
    if (due == IDLE || due == OVERDUE) {
      due += 2;
    }
    deadline = due;
    Answer<T> answer;
    try {
      answer = exchange(frame, frameLength, method, message, size, okReader);
    } catch (IOException e) {
      if (deadline == OVERDUE) {
        SocketTimeoutException overran = new SocketTimeoutException(
            "no answer within " + timeout + " ms");
        overran.initCause(e);
        throw overran;
      }
      throw e;
    }
    // Lost only when the watchdog closed the connection as the answer came: the answer stands,
    // the connection is not used again (reusable()).
    DEADLINE.compareAndSet(this, due, IDLE);
    return answer;
  }

  private <T> Answer<T> exchange(byte[] frame, int frameLength, V1Method method,
      MessageLite message, int size, OkReader<T> okReader) throws IOException {
    int first;
    try {
      if (frame != null) {
        out.write(frame, 0, frameLength);
      } else {
        Frames.writeRequest(out, method, message, size);
      }
      first = in.read();
    } catch (IOException e) {
      throw new NoAnswerException(e);
    }
    if (first < 0) {
      throw new NoAnswerException(new EOFException("the server closed the connection"));
    }
    int length = Frames.readLength(first, in, MAX_FRAME);
    byte kind = in.readByte();
    if (kind == Frames.OK) {
      return new Answer<>(kind, okReader.read(in, length - 1), null);
    }
    return new Answer<>(kind, null, payload(in, length - 1));
  }

  /**
   * Ends the call in flight if its deadline is before {@code nowNanos}, by closing the connection
   * (its blocked read or write then fails, and the call reports the timeout). The watchdog's.
   */
  void endIfOverdue(long nowNanos) {
    long due = deadline;
    if (due != IDLE && due != OVERDUE && nowNanos - due > 0
        && DEADLINE.compareAndSet(this, due, OVERDUE)) {
      close();
    }
  }

  /** Whether the connection may carry another call: not closed for an overrun. */
  boolean reusable() {
    return deadline != OVERDUE;
  }

  /** Closes the TCP socket (with TLS, without waiting to say so over TLS: GOODBYE is the protocol's). */
  @Override
  public void close() {
    DeadlineWatchdog.forget(this);
    try {
      tcp.close();
    } catch (IOException e) {
      // Nothing is left to release: the socket is gone either way.
    }
  }
}
