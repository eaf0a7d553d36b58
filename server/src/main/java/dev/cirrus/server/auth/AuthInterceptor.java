package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.StatusMapper;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;
import java.util.Locale;
import java.util.Map;

/**
 * Authenticates every call it guards: reads the bearer token from {@code authorization}, verifies
 * it, checks the method's permission, and runs the call with the {@link Caller} (account,
 * permissions, cache scope, {@code cirrus-client-id}) in the {@link Context}. The cache scope is
 * enforced by the services, which know the cache each request names. A refused call is closed here with
 * the mapped status and never reaches a service.
 */
public final class AuthInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> CLIENT_ID =
      Metadata.Key.of("cirrus-client-id", Metadata.ASCII_STRING_MARSHALLER);
  static final int MAX_CLIENT_ID_LENGTH = 256;
  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;
  private final MethodPermissions permissions;

  public AuthInterceptor(TokenVerifier verifier, MethodPermissions permissions) {
    this.verifier = requireNonNull(verifier, "verifier");
    this.permissions = requireNonNull(permissions, "permissions");
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Caller caller;
    try {
      caller = authenticate(call.getMethodDescriptor().getFullMethodName(), headers);
    } catch (CirrusException e) {
      StatusException refusal = StatusMapper.toStatusException(e);
      call.close(refusal.getStatus(), refusal.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(AuthContext.CALLER, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Caller authenticate(String method, Metadata headers) {
    String token = bearerToken(headers.get(AUTHORIZATION));
    TokenVerifier.Grant grant = verifier.verify(token);
    permissions.check(grant, method);
    return new Caller(grant.account(), grant.permissions(), grant.caches(),
        clientId(headers.get(CLIENT_ID)));
  }

  /** The token of an {@code authorization} header value, or the refusal a call without one gets. */
  static String bearerToken(String header) {
    if (header == null || header.isBlank()) {
      throw CirrusException.unauthenticated(
          ErrorReason.TOKEN_MISSING,
          "no token: send the header 'authorization: Bearer <token>' (the JCache provider reads"
              + " cirrus.token or CIRRUS_AUTH_TOKEN); issue a token with "
              + TokenVerifier.HOW_TO_ISSUE);
    }
    String trimmed = header.trim();
    if (!trimmed.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      throw CirrusException.unauthenticated(
          ErrorReason.TOKEN_INVALID,
          "the authorization header is not of the form 'Bearer <token>'; send the token issued by "
              + TokenVerifier.HOW_TO_ISSUE);
    }
    return trimmed.substring(BEARER.length()).trim();
  }

  /** The client id header's value ("" when absent), or the refusal an overlong one gets. */
  static String clientId(String id) {
    if (id == null) {
      return "";
    }
    if (id.length() > MAX_CLIENT_ID_LENGTH) {
      throw CirrusException.invalidArgument(
          ErrorReason.INVALID_REQUEST,
          "the cirrus-client-id header is " + id.length() + " characters long, over the limit of "
              + MAX_CLIENT_ID_LENGTH + "; use a shorter id (a UUID is fine)",
          Map.of("limit", Integer.toString(MAX_CLIENT_ID_LENGTH),
              "actual", Integer.toString(id.length())));
    }
    return id;
  }
}
