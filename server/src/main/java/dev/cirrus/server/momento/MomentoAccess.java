package dev.cirrus.server.momento;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Authenticator;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import java.util.Locale;

/**
 * Momento's way of presenting credentials, for both its doors: the token itself as the
 * authorization value (Momento's SDKs send the API key with no {@code Bearer} prefix; one is
 * accepted too, as curl users write it), the cache in the {@code cache} metadata. The token is
 * checked by the same {@link Authenticator} as every other door's, so accounts, permissions,
 * cache scopes, expiry and revocation apply alike.
 */
public final class MomentoAccess {
  private static final String BEARER = "bearer ";
  private static final String HOW_TO_ISSUE = "`java -jar cirrus-server.jar token --account NAME`";

  private final Authenticator authenticator;

  public MomentoAccess(Authenticator authenticator) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
  }

  /**
   * The call of {@code method} that presents {@code authorization} (null when absent) on {@code
   * cache} (null when the call names none).
   */
  public MomentoCall authenticate(MomentoMethod method, String authorization, String cache) {
    if (method.permission() == null) {
      return new MomentoCall(null, cache);
    }
    return new MomentoCall(authenticator.authenticateToken(token(authorization), null,
        method.permission(), method.fullName()), cache);
  }

  /**
   * The caller of an HTTP API request on {@code cache}, whose token needs {@code permission} for
   * {@code what} (e.g. "PUT /cache").
   */
  public MomentoCall authenticate(String authorization, String cache,
      Permission permission, String what) {
    return new MomentoCall(
        authenticator.authenticateToken(token(authorization), null, permission, what), cache);
  }

  private static String token(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw CirrusException.unauthenticated(ErrorCause.TOKEN_MISSING,
          "no token: give a Momento SDK the Cirrus token as its API key (it sends it in the"
              + " 'authorization' metadata), or send the HTTP header 'Authorization: <token>';"
              + " issue a token with " + HOW_TO_ISSUE);
    }
    String trimmed = authorization.trim();
    return trimmed.toLowerCase(Locale.ROOT).startsWith(BEARER)
        ? trimmed.substring(BEARER.length()).trim() : trimmed;
  }
}
