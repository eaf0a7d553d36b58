package dev.cirrus.server.store;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.SafeText;
import java.util.Map;

/**
 * The refusals about caches themselves, worded once for every backend. Names are quoted cut to a
 * safe length: a request may name a cache with megabytes of text.
 */
public final class CacheErrors {
  private CacheErrors() {}

  public static CirrusException notFound(CacheId id) {
    String name = SafeText.excerpt(id.name());
    return CirrusException.cacheNotFound(
        "cache '" + name + "' does not exist for account '" + id.account()
            + "'; create it first with CacheManager.createCache",
        Map.of("cache", name, "account", id.account()));
  }

  public static CirrusException alreadyExists(CacheId id) {
    String name = SafeText.excerpt(id.name());
    return CirrusException.cacheAlreadyExists(
        "cache '" + name + "' already exists for account '" + id.account()
            + "'; use CacheManager.getCache to open it, or delete it first",
        Map.of("cache", name, "account", id.account()));
  }
}
