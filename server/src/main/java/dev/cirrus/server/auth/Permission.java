package dev.cirrus.server.auth;

import dev.cirrus.wire.Access;
import java.util.Locale;

/** What a token allows: reads, writes, and control-plane mutations (create, flush, delete). */
public enum Permission {
  READ,
  WRITE,
  CONTROL;

  /** The name used in the token's {@code perm} claim and on the command line. */
  public String claimName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The permission a method of {@code access} needs, or null when any valid token may call it. */
  public static Permission needed(Access access) {
    return switch (access) {
      case ANY_TOKEN -> null;
      case READ -> READ;
      case WRITE -> WRITE;
      case CONTROL -> CONTROL;
    };
  }

  /** Parses a claim or command-line name, case-insensitively. */
  public static Permission parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
