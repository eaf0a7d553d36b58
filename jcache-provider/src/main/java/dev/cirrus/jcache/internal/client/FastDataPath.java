package dev.cirrus.jcache.internal.client;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The data calls over the server's binary data path: up to a bound of blocking connections (TLS
 * when the endpoint is {@code cirrus+tls://}), each authenticated once with a hello; the calling
 * thread writes its request and reads the answer itself (no hand-off to an event loop, no HTTP/2,
 * no per-call headers or timers). A call takes a connection no other call
 * is using while there is one, or opens one while there are fewer than the bound; beyond it, calls
 * share the connections, the least busy first, their requests and answers following each other
 * on it ({@link FastConnection}). The bound is twice the client's processors by default: as many
 * calls as the client can drive at once, each with a connection of its own, where more
 * connections would only cost the server a wakeup, a read and a write each per call that a shared
 * connection batches. A server whose store answers later (Redis) says calls should not share:
 * there a connection's requests wait for each other's round trips to the store, so each call in
 * flight gets a connection of its own, unbounded. Connecting, the TLS handshake included, is
 * bounded by the connect timeout and the call's.
 *
 * <p>Which connection a call takes is {@link ConnectionPool}'s. A request that failed on a kept
 * connection before any byte of the answer (the server went away meanwhile) is sent once more on
 * a new connection when it is idempotent; one the server said GOODBYE to was not run and is sent
 * again whatever it is. Other I/O failures close the connection and leave as UNAVAILABLE, a
 * timeout as DEADLINE_EXCEEDED; the server's own refusals leave with its status, description and
 * {@code ErrorDetail}, as on gRPC.
 *
 * <p>Thread-safe.
 */
final class FastDataPath implements DataPath, AutoCloseable {
  /**
   * The default bound on the connections open at once ({@code cirrus.data-connections}): see the
   * class comment.
   */
  static final int DEFAULT_MAX_CONNECTIONS =
      Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
  /** Why a connection could not be made; in each case the request never left this client. */
  enum Unusable {
    /** The data port refused the connection: the server may have restarted, maybe elsewhere. */
    REFUSED,
    /** The server refused the connection at its hello for want of capacity. */
    BUSY,
    /**
     * The connection failed before its hello was answered: a timeout, a reset, a failed TLS
     * handshake. Something between here and the data port (a proxy, a firewall, a mismatched
     * TLS setup) may keep failing it, so the data path is set aside for a while.
     */
    BROKEN
  }

  /** The request certainly did not reach the server; gRPC can carry the call instead. */
  static final class UnusableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Unusable kind;

    UnusableException(String message, Unusable kind, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }

    Unusable kind() {
      return kind;
    }
  }

  private final InetSocketAddress address;
  private final ClientTls tls;
  private final String label;
  private final byte[] hello;
  private final Duration callTimeout;
  private final Duration connectTimeout;
  private final ConnectionPool pool;

  /**
   * @param tls the TLS settings, or null for plaintext
   * @param serverIdleTimeout how long the server keeps a connection that sends nothing, or zero
   *     when it did not say
   */
  FastDataPath(InetSocketAddress address, ClientSettings settings, ClientTls tls,
      Duration serverIdleTimeout) {
    this(address, settings, tls, serverIdleTimeout, maxConnections(settings, true));
  }

  /**
   * The most connections open at once to a server.
   *
   * @param sharedConnections whether the server lets calls share a connection; where it does not
   *     (its store answers later), each call in flight has a connection of its own, unbounded
   */
  static int maxConnections(ClientSettings settings, boolean sharedConnections) {
    if (!sharedConnections) {
      return Integer.MAX_VALUE;
    }
    return settings.dataConnections() == 0 ? DEFAULT_MAX_CONNECTIONS : settings.dataConnections();
  }

  /** @param maxConnections the most connections open at once, beyond which calls share them */
  FastDataPath(InetSocketAddress address, ClientSettings settings, ClientTls tls,
      Duration serverIdleTimeout, int maxConnections) {
    this.address = Objects.requireNonNull(address, "address");
    this.pool = new ConnectionPool(maxConnections, serverIdleTimeout);
    this.tls = tls;
    this.label = address.getHostString() + ":" + address.getPort();
    this.hello = Frames.hello(
        settings.token() == null ? "" : "Bearer " + settings.token(), settings.clientId());
    this.callTimeout = settings.callTimeout();
    this.connectTimeout = settings.connectTimeout();
  }

  int port() {
    return address.getPort();
  }

  /** Sends {@code request} as {@code method} and parses the answer as that method's response. */
  @Override
  public <R> R call(V1Method method, MessageLite request) {
    return parse(method, exchange(method, request, FastConnection.PAYLOAD));
  }

  // The hottest calls' answers are read straight into the client's records (AnswerReaders).

  /**
   * A get's answer: a large one read from the connection with its value apart, one that arrives
   * in pieces larger than the client trusts at once read whole as it grows.
   */
  private static final FastConnection.OkReader<ReadOutcome> GET_ANSWER = (in, length) ->
      length >= AnswerReaders.APART_FROM && length <= FastConnection.READ_AT_ONCE
          ? AnswerReaders.getResponse(in, length)
          : AnswerReaders.getResponse(FastConnection.payload(in, length));

  @Override
  public ReadOutcome read(GetRequest request) {
    return exchange(V1Method.GET, request, GET_ANSWER);
  }

  @Override
  public List<ReadOutcome> readBatch(GetBatchRequest request, boolean valuesKept) {
    return answer(V1Method.GET_BATCH, request, valuesKept
        ? AnswerReaders::getBatchResponse : AnswerReaders::getBatchResponseViews);
  }

  @Override
  public WriteOutcome write(MessageLite request) {
    return answer(V1Method.SET, request, AnswerReaders::setResponse);
  }

  @Override
  public List<WriteOutcome> writeBatch(MessageLite request) {
    return answer(V1Method.SET_BATCH, request, AnswerReaders::setBatchResponse);
  }

  /** How an answer's bytes become what the caller gets. */
  private interface Reader<T> {
    T read(byte[] payload) throws IOException;
  }

  private <T> T answer(V1Method method, MessageLite request, Reader<T> reader) {
    byte[] payload = exchange(method, request, FastConnection.PAYLOAD);
    try {
      return reader.read(payload);
    } catch (IOException e) {
      throw unparsable(e);
    }
  }

  /**
   * Sends {@code request} as {@code method} and answers what {@code okReader} makes of the
   * server's OK.
   */
  private <T> T exchange(V1Method method, MessageLite request,
      FastConnection.OkReader<T> okReader) {
    long start = System.nanoTime();
    long deadline = start + callTimeout.toNanos();
    Deadline shared = Context.current().getDeadline();
    if (shared != null) {
      // a later attempt of a call that began on another node: only what is left of its time
      deadline = Math.min(deadline, start + shared.timeRemaining(TimeUnit.NANOSECONDS));
    }
    if (!method.onDataPath()) {
      throw new IllegalArgumentException(method + " is not served on the data path");
    }
    int size = request.getSerializedSize();
    boolean resent = false;
    while (true) {
      FastConnection connection = pool.take(start);
      boolean kept = connection != null;
      if (connection == null) {
        connection = opened(deadline);
        connection.lastUsedNanos(start);
      }
      FastConnection.Answer<T> answer;
      try {
        answer = connection.exchange(method, request, size, remainingMillis(deadline), okReader);
      } catch (FastConnection.NoAnswerException e) {
        connection.close();
        // Closed because another call on it overran its deadline: the server is well.
        boolean cutShort = e.getCause() instanceof SocketTimeoutException;
        if (kept && !cutShort) {
          // One kept connection found dead: the others most likely are too (a server restart).
          pool.closeIdle();
        }
        if (cutShort && method.idempotent()) {
          // As often as other calls' deadlines cut it: its own deadline ends the loop.
          continue;
        }
        if (kept && !resent && method.idempotent()) {
          resent = true;
          continue;
        }
        throw unavailable(e);
      } catch (SocketTimeoutException e) {
        connection.close();
        throw deadlineExceeded();
      } catch (Frames.FrameTooLargeException e) {
        // As gRPC's inbound message limit answers: the caller may ask for less at once.
        connection.close();
        throw Status.RESOURCE_EXHAUSTED.withDescription("the answer from the data path at "
            + label + " is too large: " + e.getMessage()).withCause(e).asRuntimeException();
      } catch (InvalidProtocolBufferException e) {
        // Read from the connection as it arrived: what follows cannot be trusted to be a frame.
        connection.close();
        throw unparsable(e);
      } catch (IOException e) {
        connection.close();
        throw unavailable(e);
      }
      switch (answer.kind()) {
        case Frames.OK:
          pool.release(connection);
          return answer.ok();
        case Frames.ERROR:
          pool.release(connection);
          throw DataFrames.error(answer.payload());
        case Frames.GOODBYE:
          connection.close();
          pool.closeIdle();
          if (!resent) {
            resent = true;
            continue;
          }
          throw unavailable(new IOException("the server is closing its connections"));
        default:
          connection.close();
          throw Status.INTERNAL.withDescription("the data path at " + label
              + " answered with a frame of unknown kind " + answer.kind()).asRuntimeException();
      }
    }
  }

  /** A new connection in the room {@link ConnectionPool#take} took, given back if it cannot be made. */
  private FastConnection opened(long deadline) {
    FastConnection connection;
    try {
      connection = connect(deadline);
    } catch (RuntimeException e) {
      pool.giveBackRoom();
      throw e;
    }
    pool.opened(connection);
    return connection;
  }

  /**
   * A new, authenticated connection. Connecting, the TLS handshake and the hello's answer each
   * wait at most the connect timeout, so a data path that fails leaves time for the call on gRPC.
   */
  private FastConnection connect(long deadline) {
    int budget = (int) Math.min(connectTimeout.toMillis(), remainingMillis(deadline));
    FastConnection connection;
    try {
      connection = FastConnection.open(address, tls, budget);
    } catch (ConnectException e) {
      throw new UnusableException("the data path at " + label + " refused the connection",
          Unusable.REFUSED, e);
    } catch (IOException e) {
      throw brokenOrLate("could not connect" + (tls == null ? "" : " in TLS"), e, deadline);
    }
    FastConnection.Answer<byte[]> answer;
    try {
      answer = connection.exchange(hello,
          (int) Math.min(connectTimeout.toMillis(), remainingMillis(deadline)));
    } catch (IOException e) {
      connection.close();
      throw brokenOrLate("its hello was not answered", e, deadline);
    }
    if (answer.kind() == Frames.OK) {
      return connection;
    }
    connection.close();
    if (answer.kind() == Frames.ERROR) {
      StatusRuntimeException refusal = DataFrames.error(answer.payload());
      if (refusal.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
        throw new UnusableException(refusal.getStatus().getDescription(), Unusable.BUSY, refusal);
      }
      throw refusal;
    }
    throw new UnusableException("the data path at " + label + " is closing", Unusable.REFUSED,
        null);
  }

  /**
   * A connection that could not be made: the call's own deadline when that is what ran out (its
   * budget was cut to the time the call had left, which says nothing against the data path),
   * else a broken data path.
   */
  private RuntimeException brokenOrLate(String what, IOException cause, long deadline) {
    if (System.nanoTime() - deadline >= 0) {
      return deadlineExceeded();
    }
    return new UnusableException("the data path at " + label + " failed: " + what + " ("
        + cause + ")", Unusable.BROKEN, cause);
  }

  /** The time left until {@code deadline}, rounded up: a call never ends before its deadline. */
  private int remainingMillis(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw deadlineExceeded();
    }
    return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
  }

  /**
   * The answer's message. A get's value is parsed as a view of the payload, not copied out of it
   * (the payload is this call's own array and nothing writes it): one copy less of every value
   * read, the largest allocation of a large get. Only a single get aliases: a batch's values
   * would each keep the whole batch's payload alive (in a near cache, for long).
   */
  @SuppressWarnings("unchecked") // the table pairs each method with its response type
  private <R> R parse(V1Method method, byte[] payload) {
    try {
      if (method == V1Method.GET) {
        CodedInputStream input = UnsafeByteOperations.unsafeWrap(payload).newCodedInput();
        input.enableAliasing(true);
        return (R) method.responseParser().parseFrom(input);
      }
      return (R) method.responseParser().parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw unparsable(e);
    }
  }

  private StatusRuntimeException unparsable(IOException e) {
    return Status.INTERNAL.withDescription("the data path at " + label
        + " answered with a message that does not parse").withCause(e).asRuntimeException();
  }

  private StatusRuntimeException unavailable(IOException e) {
    return Status.UNAVAILABLE.withDescription("data path at " + label + ": " + e.getMessage())
        .withCause(e).asRuntimeException();
  }

  private StatusRuntimeException deadlineExceeded() {
    return Status.DEADLINE_EXCEEDED.withDescription("no answer from the data path at " + label
        + " within " + callTimeout.toMillis() + " ms").asRuntimeException();
  }

  /** Closes the kept connections; calls in flight close theirs when they end. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }
}
