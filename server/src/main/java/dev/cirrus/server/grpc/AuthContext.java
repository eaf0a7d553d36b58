package dev.cirrus.server.grpc;

import dev.cirrus.server.auth.Caller;
import io.grpc.Context;

/** Where {@link AuthInterceptor} leaves the caller for the call's handler. */
final class AuthContext {
  static final Context.Key<Caller> CALLER = Context.key("cirrus-caller");
  /** The peer's address: what the call's connection is known by (set for Subscribe calls). */
  static final Context.Key<Object> CONNECTION = Context.key("cirrus-connection");

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

  /** The current call's connection, or null when the transport names none. */
  static Object connection() {
    return CONNECTION.get();
  }
}
