package dev.cirrus.jcache;

import dev.cirrus.jcache.internal.cache.CirrusCache;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CirrusClient;
import java.net.URI;
import java.util.Map;
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
   */
  boolean recover(String cacheName) {
    if (!caches.containsKey(cacheName)) {
      return false;
    }
    String instance = client.serverInfo().instanceId();
    // A null knownInstance means the caches were opened while the server was away
    // (on-unavailable=miss): they were never created there, so create them now.
    if (instance.equals(knownInstance)) {
      return false;
    }
    knownInstance = instance;
    for (CirrusCache<?, ?> cache : caches.values()) {
      @SuppressWarnings("unchecked")
      CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
      client.createCache(cache.getName(), ConfigurationDescriptor.encode(c), true);
    }
    LOG.info("Cirrus server at " + client.endpoint() + " restarted; re-created the "
        + caches.size() + " cache(s) open in CacheManager " + managerUri);
    return true;
  }
}
