package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A key that no longer verifies anything: only its id and dates are kept, never its secret. */
public record RetiredKey(String id, Instant createdAt, Instant retiredAt) {
  public RetiredKey {
    requireNonNull(id, "id");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(retiredAt, "retiredAt");
  }
}
