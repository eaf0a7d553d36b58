package dev.cirrus.jcache;

import dev.cirrus.jcache.internal.cache.CirrusCache;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CirrusClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.CacheException;
import java.util.logging.Logger;
import javax.cache.configuration.CompleteConfiguration;

/**
 * Brings back a CacheManager's open caches after the server restarted empty. The server is known
 * by its instance id: a new one means a restart, so the caches are created again; the same one
 * means a cache was deleted on purpose, and it stays deleted.
 */
final class RestartRecovery {

  private static final Logger LOG = Logger.getLogger(RestartRecovery.class.getName());

  private final CirrusClient client;
  private final Map<String, CirrusCache<?, ?>> caches;
  private final URI managerUri;
  /** The server instance the open caches were created on: learnt once, then changed by a restart. */
  private volatile String knownInstance;
  /** Open caches the last recovery could not create for want of the control permission. */
  private final Set<String> uncreatable = ConcurrentHashMap.newKeySet();

  /** @param caches the manager's open caches, read live */
  RestartRecovery(CirrusClient client, Map<String, CirrusCache<?, ?>> caches, URI managerUri) {
    this.client = client;
    this.caches = caches;
    this.managerUri = managerUri;
  }

  /** Remembers which server instance holds the caches, once per manager. */
  void learnInstance() {
    if (knownInstance == null) {
      knownInstance = client.serverInfo().instanceId();
    }
  }

  /**
   * Called when the server answered that {@code cacheName} does not exist. Re-creates the open
   * caches if the server restarted and answers whether the call is worth repeating; false for a
   * cache that is not open here or was deleted on the same server ("cache does not exist" stands).
   * The caller holds the manager's lock, so this never runs beside its close.
   *
   * <p>The new instance is taken as known only once every open cache exists again (or cannot be
   * created with this client's token), so a failure on the way (a timeout, the server going away
   * again) leaves the recovery to be tried again at the next call that misses a cache, instead of
   * leaving caches missing for good. A token without the {@code control} permission cannot
   * create caches: the caches another client re-creates are used again, and the others fail
   * naming the permission.
   */
  boolean recover(String cacheName) {
    if (!caches.containsKey(cacheName)) {
      return false;
    }
    String instance = client.serverInfo().instanceId();
    // A null knownInstance means the caches were opened while the server was away
    // (on-unavailable=miss): they were never created there, so create them now.
    if (instance.equals(knownInstance)) {
      if (uncreatable.contains(cacheName)) {
        throw cannotCreate(cacheName, null);
      }
      return false;
    }
    List<String> refused = new ArrayList<>();
    CacheException refusal = null;
    for (CirrusCache<?, ?> cache : caches.values()) {
      @SuppressWarnings("unchecked")
      CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
      try {
        client.createCache(cache.getName(), ConfigurationDescriptor.encode(c), true);
      } catch (CacheException e) {
        if (!CirrusClient.isPermissionDenied(e)) {
          throw e; // not marked: the next call that misses a cache tries again
        }
        refused.add(cache.getName());
        refusal = e;
      }
    }
    knownInstance = instance;
    uncreatable.clear();
    uncreatable.addAll(refused);
    LOG.info("Cirrus server at " + client.endpoint() + " restarted; re-created "
        + (caches.size() - refused.size()) + " of the " + caches.size() + " cache(s) open in"
        + " CacheManager " + managerUri);
    if (!refused.isEmpty()) {
      LOG.warning("Cirrus server at " + client.endpoint() + " restarted and this client's token"
          + " may not create caches, so " + refused + " stay missing until a client with the"
          + " control permission creates them: " + refusal.getMessage());
    }
    if (refused.contains(cacheName)) {
      throw cannotCreate(cacheName, refusal);
    }
    return true;
  }

  private CacheException cannotCreate(String cacheName, CacheException cause) {
    return new CacheException("Cache '" + cacheName + "' is gone: the Cirrus server at "
        + client.endpoint() + " restarted empty, and this client's token may not create caches."
        + " Have a client whose token has the control permission create it (or open it again"
        + " with such a token)", cause);
  }
}
