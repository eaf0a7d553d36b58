package dev.cirrus.jcache.internal.client;

import com.google.protobuf.MessageLite;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One blocking connection of the data path, plaintext or TLS, which several calls may share. The
 * server answers a connection's requests in the order they came, so answers are matched to calls
 * by order: each caller writes its request under the send lock, in turn, and then waits for its
 * answer. Whoever waits reads: the caller holding the read lock reads the answers that come, its
 * own and those of the calls written before it, hands each to its caller, and once its own is in
 * leaves the reading to the next caller waiting. A call alone on its connection costs one write and
 * one read, as on a connection of its own; calls sharing one have their requests read by the
 * server, and their answers written back, several at a time.
 *
 * <p>The socket has no read timeout: the JDK reads a socket with a timeout by trying a
 * non-blocking read, polling, and reading again, three system calls where a blocking read is
 * one, on every call whose answer has not arrived yet (nearly all). A call's deadline is kept by
 * {@link DeadlineWatchdog} instead, which closes the connection of a call that overran it; the
 * other calls on it then fail as on any broken connection. The socket is a channel's: a plain
 * socket stays non-blocking (so polls) for good once a read on it was timed (the TLS
 * handshake's); a channel's goes back to blocking after each timed step.
 */
final class FastConnection implements AutoCloseable {
  private static final byte[] NOTHING = new byte[0];
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
  /** Sets {@link #unusable} once: the first failure is the one every call hears of. */
  private static final AtomicReferenceFieldUpdater<FastConnection, IOException> UNUSABLE =
      AtomicReferenceFieldUpdater.newUpdater(FastConnection.class, IOException.class, "unusable");

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

  /** The TCP socket, under the TLS layer if there is one. */
  private final Socket tcp;
  /** What the protocol is spoken on: {@link #tcp} itself, or the TLS layer over it. */
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  /** Held while a request is written; the calls join {@link #calls} in the order they write. */
  private final ReentrantLock sendLock = new ReentrantLock();
  /** Held by the caller reading answers for the calls in flight. */
  private final ReentrantLock readLock = new ReentrantLock();
  /** The calls written and not yet answered, oldest first: the order of their answers. */
  private final ConcurrentLinkedQueue<PendingCall<?>> calls = new ConcurrentLinkedQueue<>();
  /** Calls between their start and their end here, written or about to be. */
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Whether the connection waits in its data path's pool (set there, once per stay). */
  private final AtomicBoolean pooled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean closeActionRun = new AtomicBoolean();
  /** Why no more calls may be written: the connection failed, or the server said GOODBYE. */
  private volatile IOException unusable;
  /** Run once when the connection closes. */
  private volatile Runnable onClose;
  /** When the connection was last taken for a call; kept by the pool. */
  private volatile long lastUsedNanos;
  /** Where requests of up to {@link #KEPT_BUFFER_MAX} bytes are made, under the send lock. */
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

  /** The calls on this connection now, answered or not. */
  int inFlight() {
    return inFlight.get();
  }

  /** Marks the connection as put in the pool; false when it is there already. */
  boolean pool() {
    return pooled.compareAndSet(false, true);
  }

  /** Marks the connection as taken out of the pool. */
  void unpool() {
    pooled.set(false);
  }

  /** Runs {@code action} when the connection closes (at once if it is closed already). */
  void onClose(Runnable action) {
    onClose = action;
    if (closed.get()) {
      runOnClose();
    }
  }

  private void runOnClose() {
    Runnable action = onClose;
    if (action != null && closeActionRun.compareAndSet(false, true)) {
      action.run();
    }
  }

  /**
   * Whether the server sent something while no call was waiting for it: only a GOODBYE (or, with
   * TLS, what closes the session) comes unasked, so such a connection must not carry a request.
   * One system call; with TLS the bytes wait undecrypted in the TCP socket. Ask only when no call
   * is in flight.
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
    return exchange(frame, null, null, 0, timeoutMillis, PAYLOAD);
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
    return exchange(null, method, message, size, timeoutMillis, okReader);
  }

  /**
   * Writes {@code frame}, or else {@code message} as a REQUEST of {@code method}, and waits for
   * its answer, within {@code timeoutMillis} (kept by the watchdog).
   */
  private <T> Answer<T> exchange(byte[] frame, V1Method method, MessageLite message, int size,
      int timeoutMillis, OkReader<T> okReader) throws IOException {
    int timeout = Math.max(1, timeoutMillis);
    PendingCall<T> call = new PendingCall<>(okReader, System.nanoTime() + timeout * 1_000_000L);
    inFlight.incrementAndGet();
    try {
      if (!send(call, frame, method, message, size)) {
        // Nothing was written: as after a GOODBYE, the call may go again on another connection.
        return new Answer<>(Frames.GOODBYE, null, NOTHING);
      }
      await(call);
      return call.result();
    } catch (IOException e) {
      if (call.overdue) {
        SocketTimeoutException overran = new SocketTimeoutException(
            "no answer within " + timeout + " ms");
        overran.initCause(e);
        throw overran;
      }
      throw e;
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /**
   * Writes the request and makes {@code call} wait for its answer; false when the connection could
   * carry no more calls (failed, or told GOODBYE by another call on it) and nothing was written.
   */
  private boolean send(PendingCall<?> call, byte[] frame, V1Method method, MessageLite message,
      int size) {
    sendLock.lock();
    try {
      if (unusable != null) {
        return false;
      }
      calls.add(call);
      try {
        if (frame != null) {
          out.write(frame);
        } else {
          write(method, message, size);
        }
      } catch (IOException e) {
        fail(noAnswer(e), null);
      }
      return true;
    } finally {
      sendLock.unlock();
    }
  }

  /** Writes a REQUEST frame; under the send lock, which guards the kept buffer. */
  private void write(V1Method method, MessageLite message, int size) throws IOException {
    int length = Frames.requestLength(size);
    if (length <= KEPT_BUFFER_MAX) {
      if (length > sendBuffer.length) {
        sendBuffer = new byte[Math.min(KEPT_BUFFER_MAX, Integer.highestOneBit(length - 1) << 1)];
      }
      Frames.requestInto(sendBuffer, method, message, size);
      out.write(sendBuffer, 0, length);
    } else if (size < Frames.STREAM_FROM) {
      out.write(Frames.request(method, message));
    } else {
      Frames.writeRequest(out, method, message, size);
    }
  }

  /**
   * Waits until {@code call} is settled, reading answers while no other caller does. A caller
   * that stops reading wakes the caller of the oldest call still waiting, to read on.
   */
  private void await(PendingCall<?> call) {
    while (!call.done()) {
      if (readLock.tryLock()) {
        try {
          while (!call.done()) {
            readNext();
          }
        } finally {
          readLock.unlock();
        }
        PendingCall<?> next = calls.peek();
        if (next != null) {
          LockSupport.unpark(next.caller);
        }
      } else {
        LockSupport.park(this);
      }
    }
  }

  /** Reads the answer of the oldest call waiting; a failure fails every call waiting. */
  private void readNext() {
    PendingCall<?> oldest = calls.peek();
    if (oldest == null) {
      // Every call was just taken by a failure, which settles them in a moment.
      Thread.onSpinWait();
      return;
    }
    try {
      readInto(oldest);
    } catch (IOException e) {
      fail(e, oldest);
    } catch (RuntimeException e) {
      fail(new IOException("the answer could not be read: " + e, e), oldest);
    }
  }

  private <T> void readInto(PendingCall<T> call) throws IOException {
    int first;
    try {
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
      T ok = call.okReader.read(in, length - 1);
      calls.remove(call);
      call.answer(new Answer<>(kind, ok, null));
      return;
    }
    byte[] payload = payload(in, length - 1);
    calls.remove(call);
    call.answer(new Answer<>(kind, null, payload));
    if (kind == Frames.GOODBYE) {
      goodbye(payload);
    }
  }

  /**
   * The server said GOODBYE in answer to a request: it ran neither that one nor any written after
   * it, so each of them is answered GOODBYE too, and no more are written here.
   */
  private void goodbye(byte[] payload) {
    unusable = new IOException("the server is closing the connection");
    PendingCall<?> call;
    while ((call = calls.poll()) != null) {
      settleGoodbye(call, payload);
    }
    close();
  }

  private static <T> void settleGoodbye(PendingCall<T> call, byte[] payload) {
    call.answer(new Answer<>(Frames.GOODBYE, null, payload));
  }

  /**
   * Closes the connection and fails every call waiting on it: {@code reading}, whose answer was
   * being read, with {@code cause}; the others as having had no answer.
   */
  private void fail(IOException cause, PendingCall<?> reading) {
    // The first failure speaks for every call: a read that fails because the watchdog has just
    // closed the socket reports the overrun deadline that closed it, not the close.
    boolean first = UNUSABLE.compareAndSet(this, null, cause);
    IOException reason = first ? cause : unusable;
    close();
    PendingCall<?> call;
    while ((call = calls.poll()) != null) {
      call.fail(call == reading && first ? cause : noAnswer(reason));
    }
  }

  private static NoAnswerException noAnswer(IOException cause) {
    return cause instanceof NoAnswerException none ? none : new NoAnswerException(cause);
  }

  /**
   * Ends the calls in flight if one of them is past its deadline at {@code nowNanos}, by closing
   * the connection: that call reports the timeout, the others fail as having had no answer, cut
   * short (an idempotent one goes again). The watchdog's.
   */
  void endIfOverdue(long nowNanos) {
    boolean overdue = false;
    for (PendingCall<?> call : calls) {
      if (nowNanos - call.due > 0) {
        call.overdue = true;
        overdue = true;
      }
    }
    if (overdue) {
      fail(new NoAnswerException(new SocketTimeoutException(
          "a call on this connection had no answer within its deadline")), null);
    }
  }

  /** Whether the connection may carry another call: not closed, not failed, not said goodbye to. */
  boolean reusable() {
    return unusable == null && !closed.get();
  }

  /** Closes the TCP socket (with TLS, without waiting to say so over TLS: GOODBYE is the protocol's). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    DeadlineWatchdog.forget(this);
    try {
      tcp.close();
    } catch (IOException e) {
      // Nothing is left to release: the socket is gone either way.
    }
    runOnClose();
  }
}
