package dev.cirrus.server.grpc;

import dev.cirrus.server.auth.Caller;
import io.grpc.Context;

/** Where {@link AuthInterceptor} leaves the caller for the call's handler. */
final class AuthContext {
  static final Context.Key<Caller> CALLER = Context.key("cirrus-caller");

  private AuthContext() {}

  /**
   * The authenticated caller of the current call.
   *
   * @throws IllegalStateException when called outside a call that passed {@link AuthInterceptor}
   */
  static Caller caller() {
    Caller caller = CALLER.get();
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller: is the AuthInterceptor installed?");
    }
    return caller;
  }
}
