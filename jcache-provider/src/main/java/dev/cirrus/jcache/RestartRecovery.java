package dev.cirrus.jcache;

import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.internal.cache.CirrusCache;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ServerInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;

/**
 * Brings back a CacheManager's open caches after a server restarted empty, and never otherwise.
 * Each node is known by its instance id, learnt when the manager first talks to it (opening a
 * cache, or moving to it): a new id on a node means that node restarted, so the open caches it
 * lacks are created again; the same id means a cache was deleted on purpose, and it stays deleted.
 * A node first met while it lacks a cache has not been seen to restart: "does not exist" stands.
 * A cache that another node reports as existing is never re-created: the client moves to that
 * node instead (nodes with stores of their own, such as in-memory ones, hold different caches).
 *
 * <p>A node's new id is taken as known only once every open cache exists there again (or cannot
 * be created with this client's token), so a failure on the way (a timeout, the node going away
 * again) leaves the recovery to be tried again at the next call that misses a cache, instead of
 * leaving caches missing for good. A token without the {@code control} permission cannot create
 * caches: the caches another client re-creates are used again, and the others fail naming the
 * permission.
 */
final class RestartRecovery {

  private static final Logger LOG = Logger.getLogger(RestartRecovery.class.getName());

  private final CirrusClient client;
  private final Map<String, CirrusCache<?, ?>> caches;
  private final URI managerUri;
  /** The instance of each node the open caches were seen on: learnt once, changed by a restart. */
  private final Map<Endpoint, String> instances = new ConcurrentHashMap<>();
  /** Per node, the open caches its last recovery could not create for want of the permission. */
  private final Map<Endpoint, Set<String>> uncreatable = new ConcurrentHashMap<>();

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
    Endpoint node = info.endpoint();
    boolean knewOthers = instances.keySet().stream().anyMatch(e -> !e.equals(node));
    String previous = instances.get(node);
    Optional<Endpoint> holder = client.otherNodeHolding(cacheName);
    if (holder.isPresent()) {
      LOG.info("Cache '" + cacheName + "' does not exist on " + node + " but does on "
          + holder.get() + "; CacheManager " + managerUri + " moves there");
      instances.putIfAbsent(node, info.instanceId());
      client.moveTo(holder.get());
      return true;
    }
    if (info.instanceId().equals(previous)) {
      if (uncreatable.getOrDefault(node, Set.of()).contains(cacheName)) {
        throw cannotCreate(cacheName, node, null);
      }
      return false;
    }
    if (previous == null && knewOthers) {
      // First met now: nothing says it lost the cache, so it may have been deleted on purpose.
      instances.put(node, info.instanceId());
      return false;
    }
    // A changed id: the node restarted. No id known at all: the caches were opened while no
    // server answered (on-unavailable=miss), so they were never created.
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
    if (!node.equals(client.endpoint())) {
      return true; // moved on the way: not marked, the next node answers the call again
    }
    instances.put(node, info.instanceId());
    uncreatable.put(node, Set.copyOf(refused));
    LOG.info("Cirrus server at " + node + " restarted; re-created "
        + (caches.size() - refused.size()) + " of the " + caches.size() + " cache(s) open in"
        + " CacheManager " + managerUri);
    if (!refused.isEmpty()) {
      LOG.warning("Cirrus server at " + node + " restarted and this client's token"
          + " may not create caches, so " + refused + " stay missing until a client with the"
          + " control permission creates them: " + refusal.getMessage());
    }
    if (refused.contains(cacheName)) {
      throw cannotCreate(cacheName, node, refusal);
    }
    return true;
  }

  private static CacheException cannotCreate(
      String cacheName, Endpoint node, CacheException cause) {
    return new CacheException("Cache '" + cacheName + "' is gone: the Cirrus server at "
        + node + " restarted empty, and this client's token may not create caches."
        + " Have a client whose token has the control permission create it (or open it again"
        + " with such a token)", cause);
  }
}
