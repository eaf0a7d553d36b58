package dev.cirrus.server.metrics.web;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Authenticator;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCode;
import dev.cirrus.server.http.HttpCall;
import dev.cirrus.server.http.HttpProblem;

/**
 * Who may read the server's figures: everyone when the server runs with {@code --metrics-public
 * true} (for a scraper inside a private network), else a token with the {@code operator}
 * permission in {@code Authorization: Bearer}. The figures span every account, so an account's
 * own token is not enough. A refusal says how to get in: 401 without a usable token, 403 with a
 * token that lacks the permission.
 */
public final class OperatorGate {
  static final String HOW = "issue an operator token with 'java -jar cirrus-server.jar token"
      + " --account ops --permissions operator' and send it as 'Authorization: Bearer <token>',"
      + " or start the server with --metrics-public true to let anyone on its network read them";

  private final Authenticator authenticator;
  private final boolean open;

  /** @param open whether anyone may read the figures ({@code --metrics-public true}) */
  public OperatorGate(Authenticator authenticator, boolean open) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.open = open;
  }

  /** Refuses {@code call} unless it may read the figures; {@code what} names them in the refusal. */
  void check(HttpCall call, String what) {
    if (open) {
      return;
    }
    String authorization = call.header("authorization");
    if (authorization == null || authorization.isBlank()) {
      throw new HttpProblem(401, "unauthenticated", what + " needs an operator token; " + HOW);
    }
    Caller caller;
    try {
      caller = authenticator.authenticate(authorization, null);
    } catch (CirrusException e) {
      if (e.code() == ErrorCode.UNAUTHENTICATED) {
        throw new HttpProblem(401, "unauthenticated", e.getMessage() + "; " + what
            + " needs an operator token: " + HOW);
      }
      throw new HttpProblem(400, "bad_request", e.getMessage());
    }
    if (!caller.permissions().contains(Permission.OPERATOR)) {
      throw new HttpProblem(403, "permission_denied", "the token for account '" + caller.account()
          + "' lacks the operator permission that " + what + " needs (it shows every account's"
          + " figures); " + HOW);
    }
  }
}
