package dev.cirrus.server.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token allows: reads, writes, control-plane mutations (create, flush, delete) of its
 * account's caches, and, apart from those, {@code operator}: reading the whole server's metrics
 * and console, every account's included. No token gets OPERATOR unless it is named.
 */
public enum Permission {
  READ,
  WRITE,
  CONTROL,
  OPERATOR;

  /**
   * What a token gets when no permissions are named: everything on its account's caches, never
   * OPERATOR, which shows other accounts' figures.
   */
  public static Set<Permission> accountDefaults() {
    return EnumSet.of(READ, WRITE, CONTROL);
  }

  /** The name used in the token's {@code perm} claim and on the command line. */
  public String claimName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a claim or command-line name, case-insensitively. */
  public static Permission parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
