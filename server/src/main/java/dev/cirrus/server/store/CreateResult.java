package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

/** The cache after a create call, and whether this call created it. */
public record CreateResult(CacheInfo cache, boolean created) {
  public CreateResult {
    requireNonNull(cache, "cache");
  }
}
