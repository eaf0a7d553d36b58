package dev.cirrus.server.store;

import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.error.CirrusException;
import java.util.Map;

/** The refusals about caches themselves, worded once for every backend. */
public final class CacheErrors {
  private CacheErrors() {}

  public static CirrusException notFound(CacheId id) {
    return CirrusException.notFound(
        ErrorReason.CACHE_NOT_FOUND,
        "cache '" + id.name() + "' does not exist for account '" + id.account()
            + "'; create it first with CacheManager.createCache",
        Map.of("cache", id.name(), "account", id.account()));
  }

  public static CirrusException alreadyExists(CacheId id) {
    return CirrusException.alreadyExists(
        ErrorReason.CACHE_ALREADY_EXISTS,
        "cache '" + id.name() + "' already exists for account '" + id.account()
            + "'; use CacheManager.getCache to open it, or delete it first",
        Map.of("cache", id.name(), "account", id.account()));
  }
}
