package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may call what, for every front door: turns the credentials a call or a connection presents
 * (the authorization value {@code Bearer <token>} and a client id) into a verified {@link Caller},
 * and checks a caller against the {@link Permission} a method needs. A gRPC call is
 * authenticated with its method in one step; a data path connection once at its hello, then each request is {@link
 * #authorize authorized}, which re-checks the token's expiry and the revocation list, so a
 * long-lived connection never outlives its token. Refusals are {@link CirrusException}s worded for the user.
 */
public final class Authenticator {
  static final int MAX_CLIENT_ID_LENGTH = 256;
  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;

  public Authenticator(TokenVerifier verifier) {
    this.verifier = requireNonNull(verifier, "verifier");
  }

  /**
   * The caller a connection's credentials name, before any method is known.
   *
   * @param authorization {@code Bearer <token>}, or null
   * @param clientId the client's id, or null
   */
  public Caller authenticate(String authorization, String clientId) {
    return caller(verifier.verify(bearerToken(authorization)), clientId);
  }

  /**
   * The caller of one call of {@code method}, refused when its token lacks {@code needed} (null:
   * any valid token may call it). The
   * token is checked before the permission and the permission before the client id, the order
   * clients have always seen refusals in.
   */
  public Caller authenticate(
      String authorization, String clientId, Permission needed, String method) {
    TokenVerifier.Grant grant = verifier.verify(bearerToken(authorization));
    requirePermission(grant.account(), grant.permissions(), needed, method);
    return caller(grant, clientId);
  }

  /**
   * The caller of one call of {@code method} that presents the token itself rather than an
   * authorization value ({@code Bearer <token>}): Momento's SDKs send the API key as it is. The
   * door refuses a call without one in its own words before it asks.
   */
  public Caller authenticateToken(
      String token, String clientId, Permission needed, String method) {
    TokenVerifier.Grant grant = verifier.verify(requireNonNull(token, "token"));
    requirePermission(grant.account(), grant.permissions(), needed, method);
    return caller(grant, clientId);
  }

  /**
   * Refuses {@code caller}'s call of {@code method} when its token has expired, was revoked or
   * lacks {@code needed} (null: none needed).
   */
  public void authorize(Caller caller, Permission needed, String method) {
    verifier.requireUsable(caller.tokenId(), caller.expiresAt());
    requirePermission(caller.account(), caller.permissions(), needed, method);
  }

  /**
   * Refuses a caller whose token is no longer accepted: for authority that outlasts a call (an
   * open change stream), checked again while it lasts.
   */
  public void recheck(Caller caller) {
    verifier.requireUsable(caller.tokenId(), caller.expiresAt());
  }

  /** The refusal of a method that no token may call (one missing from the method table). */
  public static CirrusException unknownMethod(String method) {
    return CirrusException.permissionDenied(
        "method " + method + " is not served to token holders", Map.of("method", method));
  }

  private static void requirePermission(String account, Set<Permission> granted,
      Permission needed, String method) {
    if (needed != null && !granted.contains(needed)) {
      String name = needed.claimName();
      throw CirrusException.permissionDenied(
          "the token for account '" + account + "' lacks the " + needed
              + " permission that " + method + " needs; issue a token with --permissions "
              + name + " (e.g. read,write,control)",
          Map.of("account", account, "permission", name, "method", method));
    }
  }

  private static Caller caller(TokenVerifier.Grant grant, String clientId) {
    return new Caller(grant.account(), grant.permissions(), grant.caches(), clientId(clientId),
        grant.expiresAt(), grant.tokenId());
  }

  /** The token of an authorization value, or the refusal a call without one gets. */
  private static String bearerToken(String header) {
    if (header == null || header.isBlank()) {
      throw CirrusException.unauthenticated(
          ErrorCause.TOKEN_MISSING,
          "no token: send the header 'authorization: Bearer <token>' (the JCache provider reads"
              + " cirrus.token or CIRRUS_AUTH_TOKEN); issue a token with "
              + TokenVerifier.HOW_TO_ISSUE);
    }
    String trimmed = header.trim();
    if (!trimmed.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      throw CirrusException.unauthenticated(
          ErrorCause.TOKEN_INVALID,
          "the authorization header is not of the form 'Bearer <token>'; send the token issued by "
              + TokenVerifier.HOW_TO_ISSUE);
    }
    return trimmed.substring(BEARER.length()).trim();
  }

  /** The client id ("" when absent), or the refusal an overlong one gets. */
  private static String clientId(String id) {
    if (id == null) {
      return "";
    }
    if (id.length() > MAX_CLIENT_ID_LENGTH) {
      throw CirrusException.invalidArgument(
          ErrorCause.INVALID_REQUEST,
          "the cirrus-client-id header is " + id.length() + " characters long, over the limit of "
              + MAX_CLIENT_ID_LENGTH + "; use a shorter id (a UUID is fine)",
          Map.of("limit", Integer.toString(MAX_CLIENT_ID_LENGTH),
              "actual", Integer.toString(id.length())));
    }
    return id;
  }
}
