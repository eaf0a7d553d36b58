package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** Who made the current call: the token's account and permissions, and the client's id header. */
public record Caller(String account, Set<Permission> permissions, String clientId) {
  public Caller {
    requireNonNull(account, "account");
    permissions = Set.copyOf(permissions);
    requireNonNull(clientId, "clientId");
  }
}
