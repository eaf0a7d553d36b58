package dev.cirrus.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Authenticator;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.limits.FairExecutor;
import dev.cirrus.server.momento.MomentoAccess;
import dev.cirrus.server.momento.MomentoMethod;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.v1.V1Permissions;
import dev.cirrus.wire.V1Method;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Chooses where each gRPC call runs. Point calls on a store in memory are short and never block,
 * so they run on the transport thread that read them (measured: ~1.5x the throughput of a hop to
 * a pool on 2 cores). Heavy calls ({@link V1Method#heavy()}, {@link MomentoMethod#heavy()}: their
 * cost grows with the entries they touch) go to the heavy {@link FairExecutor}, in the queue of
 * the account their token names, so one account's flood never stalls a transport thread nor
 * delays another account's calls. On a store that {@linkplain CacheStore#blocksCallers() blocks
 * its callers} (Redis), point calls go to the point-call {@link FairExecutor} the same way: a
 * transport thread serves many connections, and one call waiting a round trip on it would hold
 * them all (and cap the node at a few calls per round trip). There, cirrus.v1's single-key data
 * calls are admitted to that pool's bound alike but stay on the transport thread, whose work is
 * only to send them: their handlers answer when the store does ({@link #answeredLater}).
 *
 * <p>gRPC asks for the executor before any interceptor runs, so the token is verified here too
 * (verified tokens are remembered, so the interceptor's second look is a lookup). A call whose
 * token is refused, and a call its account's queue has no room for, stays on the transport
 * thread, where the interceptor refuses it at once: a refusal never waits in a queue. The
 * interceptor learns of a full queue from a header set here ({@link #refusal}); any such header
 * a client sent is dropped first.
 */
public final class FairCalls implements ServerCallExecutorSupplier {
  private static final Metadata.Key<String> QUEUE_FULL =
      Metadata.Key.of("cirrus-internal-queue-full", Metadata.ASCII_STRING_MARSHALLER);
  private static final String ACCOUNT_FULL = "account";
  private static final String SERVER_FULL = "server";
  /** Prefix of the header's value when the point-call pool was full, not the heavy one. */
  private static final String POINT = "point-";

  private final FairExecutor heavy;
  /** Null when point calls run on the transport thread (a store in memory). */
  private final FairExecutor pointCalls;
  private final Authenticator authenticator;
  private final MomentoAccess momento;
  /** The cirrus.v1 methods whose handlers answer when the store does (single-key data calls). */
  private final Predicate<V1Method> async;

  /**
   * @param heavy the pool of heavy calls
   * @param pointCalls the pool of point calls, or null to run them on the transport thread
   * @param async the cirrus.v1 methods that have a handler answering when the store does: over a
   *     store that blocks, they are admitted to the point-call pool's bound but run on the
   *     transport thread, which only sends them to the store
   */
  public FairCalls(FairExecutor heavy, FairExecutor pointCalls, Authenticator authenticator,
      MomentoAccess momento, Predicate<V1Method> async) {
    this.heavy = requireNonNull(heavy, "heavy");
    this.pointCalls = pointCalls;
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.momento = requireNonNull(momento, "momento");
    this.async = requireNonNull(async, "async");
  }

  /**
   * Whether calls of {@code method} are answered when the store answers rather than on a thread
   * that waits for it: a single-key call over a store that blocks its callers. A heavy call
   * (getAll has an answer-later form too, which the data path uses) keeps a heavy pool's thread
   * for as long as it runs, which is what bounds an account's heavy calls here.
   */
  boolean answeredLater(V1Method method) {
    return pointCalls != null && !method.heavy() && async.test(method);
  }

  @Override
  public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
    headers.discardAll(QUEUE_FULL);
    String name = call.getMethodDescriptor().getFullMethodName();
    Placed placed = place(name, headers);
    if (placed == null) {
      return null;
    }
    try {
      FairExecutor.Admission admission = placed.pool().admit(placed.account());
      // gRPC runs this with the call's context current, and cancels it when the call ends, however
      // it ends: the call counts against its account until then.
      Context.current().addListener(ended -> admission.release(), Runnable::run);
      // A call answered later takes no worker: the transport thread only sends it to the store.
      return placed.onThread() ? null : admission;
    } catch (CirrusException e) {
      headers.put(QUEUE_FULL, (placed.pool() == heavy ? "" : POINT)
          + (e.facts().containsKey("limit") ? ACCOUNT_FULL : SERVER_FULL));
      return null;
    }
  }

  /**
   * The refusal of a call that found no room in the queues, for the interceptor that
   * authenticated {@code account}; null for a call that was admitted or runs in place.
   */
  CirrusException refusal(Metadata headers, String account) {
    String full = headers.get(QUEUE_FULL);
    if (full == null) {
      return null;
    }
    FairExecutor pool = full.startsWith(POINT) && pointCalls != null ? pointCalls : heavy;
    return full.endsWith(ACCOUNT_FULL) ? pool.accountFull(account) : pool.serverFull(account);
  }

  /**
   * The pool a call is admitted to and the account it runs for; whether it stays on the transport
   * thread all the same (a call answered later).
   */
  private record Placed(FairExecutor pool, String account, boolean onThread) {}

  /**
   * Where a call with an accepted token runs: a heavy call on the heavy pool, a point call on the
   * point-call pool when there is one; null for any other call (it runs on the transport thread).
   * A change stream stays there too: its call only opens the stream, and it would count
   * against its account for as long as it lasts.
   */
  private Placed place(String name, Metadata headers) {
    try {
      V1Method method = V1Method.ofFullName(name);
      if (method != null) {
        FairExecutor pool = method.heavy() ? heavy
            : method == V1Method.SUBSCRIBE || method == V1Method.DESCRIBE_SERVER ? null
            : pointCalls;
        return pool == null ? null : new Placed(pool, authenticator.authenticate(
            headers.get(AuthInterceptor.AUTHORIZATION), headers.get(AuthInterceptor.CLIENT_ID),
            V1Permissions.needed(method), name).account(),
            pool == pointCalls && answeredLater(method));
      }
      MomentoMethod momentoMethod = MomentoMethod.ofFullName(name);
      FairExecutor pool = momentoMethod == null ? null
          : momentoMethod.heavy() ? heavy : pointCalls;
      if (pool == null) {
        return null;
      }
      var caller = momento.authenticate(momentoMethod,
          headers.get(AuthInterceptor.AUTHORIZATION), headers.get(MomentoInterceptor.CACHE))
          .caller();
      // Ping has no caller: it never reaches the store.
      return caller == null ? null : new Placed(pool, caller.account(), false);
    } catch (CirrusException refused) {
      // The interceptor refuses it again, on this thread, in its door's words.
      return null;
    }
  }
}
