package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;

/**
 * Authenticates a connection once instead of every call: the data path's hello carries the same
 * {@code authorization} value and client id a gRPC call carries in its headers, and is refused
 * with the same statuses and messages as {@link AuthInterceptor}. Each later request is
 * authorized by its {@link Session}, which re-checks the token's expiry and the method's
 * permission, so a long-lived connection never outlives its token.
 */
public final class ConnectionAuth {
  private final TokenVerifier verifier;
  private final MethodPermissions permissions;

  public ConnectionAuth(TokenVerifier verifier, MethodPermissions permissions) {
    this.verifier = requireNonNull(verifier, "verifier");
    this.permissions = requireNonNull(permissions, "permissions");
  }

  /**
   * Verifies a connection's credentials.
   *
   * @param authorization the {@code authorization} header value, {@code Bearer <token>}, or null
   * @param clientId the {@code cirrus-client-id} value, or null
   * @throws dev.cirrus.server.error.CirrusException UNAUTHENTICATED or INVALID_ARGUMENT, as a call
   *     with these headers would get
   */
  public Session open(String authorization, String clientId) {
    TokenVerifier.Grant grant = verifier.verify(AuthInterceptor.bearerToken(authorization));
    Caller caller = new Caller(grant.account(), grant.permissions(), grant.caches(),
        AuthInterceptor.clientId(clientId));
    return new Session(grant, Context.ROOT.withValue(AuthContext.CALLER, caller));
  }

  /** One authenticated connection. Immutable; may be used by any thread. */
  public final class Session {
    private final TokenVerifier.Grant grant;
    private final Context context;

    private Session(TokenVerifier.Grant grant, Context context) {
      this.grant = grant;
      this.context = context;
    }

    public String account() {
      return grant.account();
    }

    /**
     * The {@link Context} to run one call of {@code fullMethodName} in, carrying the caller as
     * {@link AuthInterceptor} would; refuses the call when the token has expired meanwhile or
     * lacks the method's permission.
     */
    public Context authorize(String fullMethodName) {
      verifier.requireUnexpired(grant);
      permissions.check(grant, fullMethodName);
      return context;
    }
  }
}
