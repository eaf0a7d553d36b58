package dev.cirrus.jcache;

import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.internal.cache.CirrusCache;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ServerInfo;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import javax.cache.configuration.CompleteConfiguration;

/**
 * Brings back a CacheManager's open caches after a server restarted empty, and never otherwise.
 * Each node is known by its instance id, learnt when the manager first talks to it (opening a
 * cache, or moving to it): a new id on a node means that node restarted, so the open caches it
 * lacks are created again; the same id means a cache was deleted on purpose, and it stays deleted.
 * A node first met while it lacks a cache has not been seen to restart: "does not exist" stands.
 * A cache that another node reports as existing is never re-created: the client moves to that
 * node instead (nodes with stores of their own, such as in-memory ones, hold different caches).
 */
final class RestartRecovery {

  private static final Logger LOG = Logger.getLogger(RestartRecovery.class.getName());

  private final CirrusClient client;
  private final Map<String, CirrusCache<?, ?>> caches;
  private final URI managerUri;
  /** The instance of each node the open caches were seen on: learnt once, changed by a restart. */
  private final Map<Endpoint, String> instances = new ConcurrentHashMap<>();

  /**
   * @param caches the manager's open caches, read live
   * @param scheduler where the instance of a node the client moves to is learnt
   */
  RestartRecovery(CirrusClient client, Map<String, CirrusCache<?, ?>> caches, URI managerUri,
      ScheduledExecutorService scheduler) {
    this.client = client;
    this.caches = caches;
    this.managerUri = managerUri;
    client.onNodeChange(node -> {
      try {
        scheduler.execute(() -> learn(node));
      } catch (RejectedExecutionException e) {
        // the CacheManager is closing
      }
    });
  }

  /** Remembers which instance the node in use is, once per node. */
  void learnInstance() {
    if (!instances.containsKey(client.endpoint())) {
      ServerInfo info = client.serverInfo();
      instances.putIfAbsent(info.endpoint(), info.instanceId());
    }
  }

  /**
   * Learns the instance of a node the client moved to, asking that node alone: a question that
   * failed over would move the client again and, with every node down, never end. A node that does
   * not answer yet is learnt when a cache is next found missing there.
   */
  private void learn(Endpoint node) {
    if (!instances.containsKey(node)) {
      client.serverInfoOf(node).ifPresent(info -> instances.putIfAbsent(node, info.instanceId()));
    }
  }

  /**
   * Called when the node in use answered that {@code cacheName} does not exist. Moves to another
   * node that has the cache, or re-creates the open caches if this node restarted, and answers
   * whether the call is worth repeating; false for a cache that is not open here, or that is
   * missing on a node which did not restart ("cache does not exist" stands). The caller holds the
   * manager's lock, so this never runs beside its close.
   */
  boolean recover(String cacheName) {
    if (!caches.containsKey(cacheName)) {
      return false;
    }
    ServerInfo info = client.serverInfo();
    boolean knewOthers = instances.keySet().stream().anyMatch(e -> !e.equals(info.endpoint()));
    String previous = instances.put(info.endpoint(), info.instanceId());
    Optional<Endpoint> holder = client.otherNodeHolding(cacheName);
    if (holder.isPresent()) {
      LOG.info("Cache '" + cacheName + "' does not exist on " + info.endpoint() + " but does on "
          + holder.get() + "; CacheManager " + managerUri + " moves there");
      client.moveTo(holder.get());
      return true;
    }
    if (info.instanceId().equals(previous)) {
      return false;
    }
    if (previous == null && knewOthers) {
      // First met now: nothing says it lost the cache, so it may have been deleted on purpose.
      return false;
    }
    // A changed id: the node restarted. No id known at all: the caches were opened while no
    // server answered (on-unavailable=miss), so they were never created.
    for (CirrusCache<?, ?> cache : caches.values()) {
      @SuppressWarnings("unchecked")
      CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
      client.createCache(cache.getName(), ConfigurationDescriptor.encode(c), true);
    }
    LOG.info("Cirrus server at " + info.endpoint() + " restarted; re-created the "
        + caches.size() + " cache(s) open in CacheManager " + managerUri);
    return true;
  }
}
