package dev.cirrus.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.momento.MomentoAccess;
import dev.cirrus.server.momento.MomentoCall;
import dev.cirrus.server.momento.MomentoMethod;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;

/**
 * Authenticates every Momento call as Momento's SDKs send it (the token in the {@code
 * authorization} metadata, the cache in {@code cache}) through {@link MomentoAccess}; the call
 * then runs with its {@link MomentoCall} in the {@link Context}. A refused call is closed here
 * with the Momento status and never reaches a handler, as is a heavy call that {@link FairCalls}
 * found no room for in its account's queue.
 */
final class MomentoInterceptor implements ServerInterceptor {
  static final Context.Key<MomentoCall> CALL = Context.key("cirrus-momento-call");
  static final Metadata.Key<String> CACHE = Metadata.Key.of("cache", Metadata.ASCII_STRING_MARSHALLER);

  private final MomentoAccess access;
  private final FairCalls fairCalls;
  private final DoorRefusals refusals;

  MomentoInterceptor(MomentoAccess access, FairCalls fairCalls, DoorRefusals refusals) {
    this.access = requireNonNull(access, "access");
    this.fairCalls = requireNonNull(fairCalls, "fairCalls");
    this.refusals = requireNonNull(refusals, "refusals");
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    MomentoMethod method =
        MomentoMethod.ofFullName(call.getMethodDescriptor().getFullMethodName());
    MomentoCall momentoCall;
    try {
      if (method == null) {
        throw new IllegalStateException(
            "no MomentoMethod for " + call.getMethodDescriptor().getFullMethodName());
      }
      momentoCall = access.authenticate(
          method, headers.get(AuthInterceptor.AUTHORIZATION), headers.get(CACHE));
      CirrusException queueFull = momentoCall.caller() == null
          ? null : fairCalls.refusal(headers, momentoCall.caller().account());
      if (queueFull != null) {
        throw queueFull;
      }
    } catch (CirrusException | IllegalStateException e) {
      StatusException refusal = refusals.count(e, MomentoStatus.of(e));
      call.close(refusal.getStatus(), refusal.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CALL, momentoCall), call, headers, next);
  }
}
