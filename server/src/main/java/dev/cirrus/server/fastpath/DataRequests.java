package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import dev.cirrus.server.auth.Authenticator;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.limits.FairExecutor;
import dev.cirrus.server.metrics.Refusals;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.v1.StatusCodes;
import dev.cirrus.server.v1.V1Error;
import dev.cirrus.server.v1.V1Errors;
import dev.cirrus.server.v1.V1Handlers;
import dev.cirrus.server.v1.V1Permissions;
import dev.cirrus.wire.Frames;
import dev.cirrus.wire.V1Method;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers the data path's frames on the calling thread (an event loop, or a pool's thread: see
 * {@link RequestRunner}): a hello with the {@link Caller} its credentials name, a request with its
 * method's {@link dev.cirrus.server.v1.V1Handler}, the same one a gRPC call of it runs, found by
 * the method number in one array lookup. A failure leaves as the status and {@code ErrorDetail} a
 * gRPC call would have closed with ({@link V1Errors}). Also says where a request runs ({@link
 * #pool}).
 */
public final class DataRequests {
  /** The largest batch request run on the loop that read it over a store in memory. */
  static final int LOOP_BATCH_MAX_BYTES = 16 * 1024;
  /** The largest answer framed on the loop; a larger one is framed on {@link #largeAnswers}. */
  static final int LOOP_ANSWER_MAX_BYTES = 64 * 1024;

  /** The handlers by data path method number; null where a number names no method. */
  private final V1Handlers.Unary[] byNumber;
  private final Authenticator authenticator;
  private final FairExecutor heavyCalls;
  private final FairExecutor pointCalls;
  private final Refusals refusals;

  /**
   * @param heavyCalls where heavy calls ({@link V1Method#heavy()}) run, fairly between accounts
   * @param pointCalls where point calls run when the store blocks its callers; null when it does
   *     not, and point calls run on the thread that read them
   * @param refusals where the data path counts the calls and connections it refuses
   */
  public DataRequests(V1Handlers handlers, Authenticator authenticator, FairExecutor heavyCalls,
      FairExecutor pointCalls, Refusals refusals) {
    requireNonNull(handlers, "handlers");
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.heavyCalls = requireNonNull(heavyCalls, "heavyCalls");
    this.pointCalls = pointCalls;
    this.refusals = requireNonNull(refusals, "refusals");
    this.byNumber = new V1Handlers.Unary[Byte.MAX_VALUE + 1];
    for (V1Method method : V1Method.values()) {
      if (method.onDataPath()) {
        byNumber[method.number()] = handlers.unary(method);
      }
    }
  }

  /**
   * The caller a HELLO payload authenticates.
   *
   * @throws CirrusException when the credentials are refused
   * @throws Frames.MalformedFrameException when the payload is not a hello
   */
  Caller hello(byte[] payload) throws Frames.MalformedFrameException {
    Frames.HelloPayload hello = Frames.parseHello(payload);
    try {
      return authenticator.authenticate(hello.authorization(), hello.clientId());
    } catch (RuntimeException e) {
      refusals.failed(Refusals.Door.DATA, e, StatusCodes.name(V1Errors.of(e).statusCode()));
      throw e;
    }
  }

  /** Counts a refusal of the data path's own (a connection, a frame) answered with {@code statusCode}. */
  void refused(int statusCode, Refusals.Reason reason) {
    refusals.refused(Refusals.Door.DATA, StatusCodes.name(statusCode), reason);
  }

  /**
   * The pool a REQUEST payload runs on: the heavy-call pool for a heavy method, the point-call
   * pool for another when the store blocks; null to run it where it was read: a point call on a
   * store in memory takes microseconds, less than a hand-off, and so does a batch of up to
   * {@link #LOOP_BATCH_MAX_BYTES} there (100 gets or puts of small values: a few point calls'
   * time, where the hand-off to a pool thread and back was a fifth or more of such a call). A
   * payload that names no method is refused where it was read.
   */
  FairExecutor pool(byte[] payload) {
    V1Handlers.Unary route = route(payload);
    if (route == null) {
      return null;
    }
    V1Method method = route.method();
    if (!method.heavy()) {
      return pointCalls;
    }
    boolean small = method.batch() && payload.length <= LOOP_BATCH_MAX_BYTES;
    return small && pointCalls == null ? null : heavyCalls;
  }

  /**
   * Where the answer to a request run on the loop ({@link #pool} null) is framed when it is
   * larger than {@link #LOOP_ANSWER_MAX_BYTES} (a small getAll of large values): copying
   * megabytes would hold up the loop's other connections.
   */
  FairExecutor largeAnswers() {
    return heavyCalls;
  }

  /**
   * Whether a REQUEST payload that would run on a pool of a store that blocks ({@link #pool}) is
   * answered when the store answers instead ({@link #answerLater}): a call whose store answers
   * without a waiting thread (single-key calls and getAll), so no pool thread waits for it; the
   * pool's admission still bounds its account's calls.
   */
  boolean answeredLater(byte[] payload) {
    V1Handlers.Unary route = route(payload);
    return route != null && route.async() != null && pointCalls != null;
  }

  /** Whether a REQUEST payload names a batch ({@link V1Method#batch()}). */
  boolean batch(byte[] payload) {
    V1Handlers.Unary route = route(payload);
    return route != null && route.method().batch();
  }

  private V1Handlers.Unary route(byte[] payload) {
    return payload.length == 0 || payload[0] < 0 ? null : byNumber[payload[0]];
  }

  /** The answer frame (OK or ERROR) to one REQUEST payload from {@code caller}. */
  ByteBuf answer(Caller caller, byte[] payload) {
    V1Handlers.Unary route = route(payload);
    if (route == null) {
      return counted(CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST,
          "the data path has no method number "
              + (payload.length == 0 ? "(empty request)" : Byte.toString(payload[0]))
              + "; use the Cirrus JCache provider, or gRPC",
          Map.of()));
    }
    try {
      return ok(respond(caller, payload));
    } catch (RuntimeException e) {
      return counted(e);
    }
  }

  /**
   * The response message to a REQUEST payload that names a method ({@link #pool} says so),
   * for the caller to frame ({@link #framed}).
   *
   * @throws RuntimeException the call's failure, to be answered by {@link #counted}
   */
  Message respond(Caller caller, byte[] payload) {
    V1Handlers.Unary route = route(payload);
    return route.handler().handle(caller, request(caller, route, payload));
  }

  /** The OK frame carrying {@code message}, or the ERROR frame when it cannot be made. */
  ByteBuf framed(MessageLite message) {
    try {
      return ok(message);
    } catch (RuntimeException e) {
      return counted(e);
    }
  }

  /**
   * The answer frame to a REQUEST payload for which {@link #answeredLater} holds, once the store
   * has answered: built on the thread that completes it (the store's), never failed (a failure
   * is its ERROR frame). Checks, refusals and mapping are {@link #answer}'s.
   */
  CompletableFuture<ByteBuf> answerLater(Caller caller, byte[] payload) {
    V1Handlers.Unary route = route(payload);
    CompletableFuture<Message> response;
    try {
      response = route.async().handle(caller, request(caller, route, payload));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(counted(e));
    }
    return response.handle((message, failure) -> failure == null ? ok(message)
        : counted(CacheStore.failureOf(failure)));
  }

  /**
   * An OK frame carrying {@code message}, serialized straight into a direct buffer of the
   * connections' allocator: the socket is written from it, where an array would be copied into
   * one first (and a large value would be copied twice, and allocated once more on the heap).
   * Whoever holds the frame writes it or releases it.
   */
  private static ByteBuf ok(MessageLite message) {
    int size = message.getSerializedSize();
    int length = Frames.okLength(size);
    ByteBuf frame;
    try {
      frame = ByteBufAllocator.DEFAULT.directBuffer(length, length);
    } catch (OutOfMemoryError e) {
      // The direct memory the answers in flight share is spent: this call fails, others go on.
      throw CirrusException.unavailable("the server has no memory left for an answer of "
          + length + " bytes now; retry shortly, or ask for fewer entries at once");
    }
    try {
      Frames.writeOk(frame.nioBuffer(0, length), message, size);
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
    return frame.writerIndex(length);
  }

  /** The request of {@code payload}, once {@code caller} may make it. */
  private Message request(Caller caller, V1Handlers.Unary route, byte[] payload) {
    V1Method method = route.method();
    authenticator.authorize(caller, V1Permissions.needed(method), method.fullName());
    try {
      return route.parse(payload, 1, payload.length - 1);
    } catch (InvalidProtocolBufferException e) {
      throw V1Errors.malformed(method.fullName());
    }
  }

  /**
   * The ERROR frame for a failure of a request (or its refusal by a pool), counted unless a
   * cache's meters counted it.
   */
  ByteBuf counted(Throwable failure) {
    V1Error error = V1Errors.of(failure);
    refusals.failed(Refusals.Door.DATA, failure, StatusCodes.name(error.statusCode()));
    return frame(error);
  }

  /** The ERROR frame for a failure, mapped as a gRPC call's would be. */
  static ByteBuf error(Throwable failure) {
    return frame(V1Errors.of(CacheStore.failureOf(failure)));
  }

  private static ByteBuf frame(V1Error error) {
    return Unpooled.wrappedBuffer(
        Frames.error(error.statusCode(), error.description(), error.detail()));
  }
}
