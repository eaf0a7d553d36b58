package dev.cirrus.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Authenticator;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.v1.V1Permissions;
import dev.cirrus.wire.V1Method;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;

/**
 * Authenticates every call it guards with the {@link Authenticator}: the {@code authorization}
 * and {@code cirrus-client-id} headers, and the {@link V1Method#access()} of the method called.
 * The call then runs with the {@link Caller} in the {@link Context}. The cache scope is enforced by
 * the handlers, which know the cache each request names. A refused call is closed here with the
 * mapped status and never reaches a handler, as is a heavy call that {@link FairCalls} found no
 * room for in its account's queue.
 */
final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> CLIENT_ID =
      Metadata.Key.of("cirrus-client-id", Metadata.ASCII_STRING_MARSHALLER);

  private final Authenticator authenticator;
  private final FairCalls fairCalls;
  private final DoorRefusals refusals;

  AuthInterceptor(Authenticator authenticator, FairCalls fairCalls, DoorRefusals refusals) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.fairCalls = requireNonNull(fairCalls, "fairCalls");
    this.refusals = requireNonNull(refusals, "refusals");
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String fullName = call.getMethodDescriptor().getFullMethodName();
    V1Method method = V1Method.ofFullName(fullName);
    Caller caller;
    try {
      caller = authenticate(method, fullName, headers);
      CirrusException queueFull = fairCalls.refusal(headers, caller.account());
      if (queueFull != null) {
        throw queueFull;
      }
    } catch (CirrusException e) {
      StatusException refusal = refusals.count(e, StatusMapper.toStatusException(e));
      call.close(refusal.getStatus(), refusal.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    Context context = method == V1Method.SUBSCRIBE
        // A change stream counts against its connection's quota, known by the peer's address.
        ? Context.current().withValues(AuthContext.CALLER, caller, AuthContext.CONNECTION,
            call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR))
        : Context.current().withValue(AuthContext.CALLER, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Caller authenticate(V1Method method, String fullName, Metadata headers) {
    if (method == null) {
      throw Authenticator.unknownMethod(fullName);
    }
    return authenticator.authenticate(headers.get(AUTHORIZATION), headers.get(CLIENT_ID),
        V1Permissions.needed(method), fullName);
  }
}
