package dev.cirrus.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Authenticator;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.limits.FairExecutor;
import dev.cirrus.server.momento.MomentoAccess;
import dev.cirrus.server.momento.MomentoMethod;
import dev.cirrus.server.v1.V1Permissions;
import dev.cirrus.wire.V1Method;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.concurrent.Executor;

/**
 * Chooses where each gRPC call runs. Point calls are short and never block, so they run on the
 * transport thread that read them (measured: ~1.5x the throughput of a hop to a pool on 2
 * cores). Heavy calls ({@link V1Method#heavy()}, {@link MomentoMethod#heavy()}: their cost grows
 * with the entries they touch) go to the {@link FairExecutor}, in the queue of the account their
 * token names, so one account's flood never stalls a transport thread nor delays another
 * account's calls.
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

  private final FairExecutor executor;
  private final Authenticator authenticator;
  private final MomentoAccess momento;

  public FairCalls(FairExecutor executor, Authenticator authenticator, MomentoAccess momento) {
    this.executor = requireNonNull(executor, "executor");
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.momento = requireNonNull(momento, "momento");
  }

  @Override
  public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
    headers.discardAll(QUEUE_FULL);
    String name = call.getMethodDescriptor().getFullMethodName();
    String account = heavyCallAccount(name, headers);
    if (account == null) {
      return null;
    }
    try {
      FairExecutor.Admission admission = executor.admit(account);
      // gRPC runs this with the call's context current, and cancels it when the call ends, however
      // it ends: the call counts against its account until then.
      Context.current().addListener(ended -> admission.release(), Runnable::run);
      return admission;
    } catch (CirrusException e) {
      headers.put(QUEUE_FULL, e.facts().containsKey("limit") ? ACCOUNT_FULL : SERVER_FULL);
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
    return full.equals(ACCOUNT_FULL)
        ? executor.accountFull(account) : executor.serverFull(account);
  }

  /** The account of a heavy call with an accepted token; null for any other call. */
  private String heavyCallAccount(String name, Metadata headers) {
    try {
      V1Method method = V1Method.ofFullName(name);
      if (method != null) {
        return method.heavy()
            ? authenticator.authenticate(headers.get(AuthInterceptor.AUTHORIZATION),
                headers.get(AuthInterceptor.CLIENT_ID), V1Permissions.needed(method), name)
                .account()
            : null;
      }
      MomentoMethod momentoMethod = MomentoMethod.ofFullName(name);
      if (momentoMethod == null || !momentoMethod.heavy()) {
        return null;
      }
      var caller = momento.authenticate(momentoMethod,
          headers.get(AuthInterceptor.AUTHORIZATION), headers.get(MomentoInterceptor.CACHE))
          .caller();
      return caller == null ? null : caller.account();
    } catch (CirrusException refused) {
      // The interceptor refuses it again, on this thread, in its door's words.
      return null;
    }
  }
}
