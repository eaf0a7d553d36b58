package dev.cirrus.server.v1;

import dev.cirrus.server.auth.Permission;
import dev.cirrus.wire.Access;
import dev.cirrus.wire.V1Method;

/** What the method table's {@link Access} of a cirrus.v1 method means in the server's tokens. */
public final class V1Permissions {
  private V1Permissions() {}

  /** The permission {@code method} needs, or null when any valid token of the account may call it. */
  public static Permission needed(V1Method method) {
    return switch (method.access()) {
      case ANY_TOKEN -> null;
      case READ -> Permission.READ;
      case WRITE -> Permission.WRITE;
      case CONTROL -> Permission.CONTROL;
    };
  }
}
