package dev.cirrus.server.auth;

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

  /** Parses a claim or command-line name, case-insensitively. */
  public static Permission parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
