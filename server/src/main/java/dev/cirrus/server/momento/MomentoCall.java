package dev.cirrus.server.momento;

import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.store.CacheId;
import java.util.Map;

/**
 * Who calls and on which cache: the caller its token names (null for Ping, which needs none) and
 * the cache the call's {@code cache} metadata names (null when it names none).
 */
public record MomentoCall(Caller caller, String cache) {

  /**
   * The caller's cache the metadata names, once the token's cache scope allows it.
   *
   * @throws CirrusException INVALID_ARGUMENT when the call named no cache
   */
  public CacheId cacheId() {
    if (cache == null || cache.isEmpty()) {
      throw CirrusException.invalidArgument(ErrorCause.INVALID_CACHE_NAME,
          "the call names no cache: Momento's data calls carry the cache name in the 'cache'"
              + " metadata, as Momento's SDKs send it; pass the cache name to the SDK call",
          Map.of());
    }
    return cacheId(cache);
  }

  /** The caller's cache {@code name} (a control call names it in the request), once allowed. */
  public CacheId cacheId(String name) {
    caller.requireCache(name);
    return new CacheId(caller.account(), name);
  }
}
