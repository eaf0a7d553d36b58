package dev.cirrus.server.store.redis;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.netty.redis.LoopConnections;
import dev.cirrus.server.netty.redis.RedisRefusal;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The store's connections to Redis through Lettuce. Over a Redis Cluster (detected at connect
 * time), one multiplexed connection of the cluster client carries the commands: Lettuce routes
 * each to the master of its key's slot and follows the topology as it changes (periodically, and
 * on MOVED/ASK or a lost connection); a batch's call for one master goes on the connection the
 * cluster client keeps to that master ({@link #commandsOn}). A plain Redis gets the standalone
 * client. A second client
 * carries the sharded pub/sub of change events, so that a broken connection there is told apart
 * from one of the command connection. A call made on a data-path event loop goes on that loop's
 * own connection to the master instead ({@link #callHere}; netty.redis), when it can. Waiting for
 * an answer is bounded by {@link #COMMAND_TIMEOUT}; failures become UNAVAILABLE refusals that
 * name the store.
 */
final class RedisLink implements AutoCloseable {
  /** The most one command may take before the call fails (the store is down or partitioned). */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /**
   * The most a caller waits for an answer: each command's own timeout ({@link #COMMAND_TIMEOUT})
   * fails it first; this bounds a wait that no command's timeout would end.
   */
  private static final long ANSWER_TIMEOUT_MILLIS = COMMAND_TIMEOUT.toMillis() + 1_000;

  /**
   * How often the cluster client re-reads the topology whatever happens: the backstop that finds
   * a promoted replica when no trigger below fired after the promotion.
   */
  private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);
  /**
   * The least time between two refreshes that events trigger (redirects, reconnect attempts to a
   * dead node). Lettuce's default of 30 s meant that the refresh triggered by a master's death,
   * which comes before Redis promotes its replica, held the next one off for 30 s: calls to the
   * dead master's slots failed that long although Redis had failed over within ~3 s.
   */
  private static final Duration TRIGGERED_REFRESH_SPACING = Duration.ofSeconds(1);
  /** What {@link #masterOf} answers on a plain Redis. */
  static final String PLAIN = "";

  private final RedisTarget target;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final AbstractRedisClient eventClient;
  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  /** The same connection as a cluster's, or null on a plain Redis. */
  private final StatefulRedisClusterConnection<byte[], byte[]> cluster;
  /**
   * Ends the answers nobody waits for ({@link #bounded}) when their time is up; one thread, whose
   * work is a heap entry per call, removed when the call is answered.
   */
  private final ScheduledThreadPoolExecutor timeouts;
  /** The data-path loops' own connections for the calls they make; null over TLS. */
  private final LoopConnections loops;

  private RedisLink(RedisTarget target, ClientResources resources, AbstractRedisClient client,
      AbstractRedisClient eventClient, StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands) {
    this.target = target;
    this.resources = resources;
    this.client = client;
    this.eventClient = eventClient;
    this.connection = connection;
    this.commands = commands;
    this.cluster =
        connection instanceof StatefulRedisClusterConnection<byte[], byte[]> c ? c : null;
    this.timeouts = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "cirrus-redis-timeouts");
      thread.setDaemon(true);
      return thread;
    });
    timeouts.setRemoveOnCancelPolicy(true);
    this.loops = target.tls() ? null : new LoopConnections(target.password(), COMMAND_TIMEOUT);
  }

  /**
   * Connects to the Redis Cluster that {@code target}'s seed nodes belong to, or to the one plain
   * Redis it names.
   *
   * @throws UncheckedIOException naming the target and what to check when it cannot be reached
   */
  static RedisLink connect(RedisTarget target) {
    requireNonNull(target, "target");
    ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2)
        .computationThreadPoolSize(2).build();
    List<RedisURI> uris = uris(target);
    AbstractRedisClient client = null;
    AbstractRedisClient eventClient = null;
    try {
      SslOptions ssl = sslOptions(target);
      if (isCluster(resources, uris.get(0), ssl)) {
        RedisClusterClient cluster = clusterClient(resources, uris, ssl);
        client = cluster;
        eventClient = clusterClient(resources, uris, ssl);
        StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.connect(ByteArrayCodec.INSTANCE);
        return new RedisLink(target, resources, client, eventClient, connection, connection.async());
      }
      if (uris.size() > 1) {
        throw new IllegalArgumentException("the Redis at " + uris.get(0).getHost() + ":"
            + uris.get(0).getPort() + " is not in cluster mode, so name only it in --store");
      }
      RedisClient plain = RedisClient.create(resources, uris.get(0));
      plain.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
          .sslOptions(ssl).build());
      client = plain;
      RedisClient events = RedisClient.create(resources, uris.get(0));
      events.setOptions(ClientOptions.builder().sslOptions(ssl).build());
      eventClient = events;
      StatefulRedisConnection<byte[], byte[]> connection = plain.connect(ByteArrayCodec.INSTANCE);
      return new RedisLink(target, resources, client, eventClient, connection, connection.async());
    } catch (RedisException | IllegalArgumentException e) {
      if (client != null) {
        client.shutdown();
      }
      if (eventClient != null) {
        eventClient.shutdown();
      }
      resources.shutdown();
      throw new UncheckedIOException(new IOException("cannot use the Redis store at " + target
          + " (" + e.getMessage() + "); " + StartFailure.advice(e), e));
    }
  }

  /** TLS settings: trust the CA file when one is named, else the JVM's default trust store. */
  private static SslOptions sslOptions(RedisTarget target) {
    SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
    if (target.caFile() != null) {
      ssl.trustManager(target.caFile().toFile());
    }
    return ssl.build();
  }

  /** Whether the first seed node runs in cluster mode. */
  private static boolean isCluster(ClientResources resources, RedisURI seed, SslOptions ssl) {
    RedisClient probe = RedisClient.create(resources, seed);
    probe.setOptions(ClientOptions.builder().sslOptions(ssl).build());
    try (StatefulRedisConnection<String, String> connection = probe.connect()) {
      return connection.sync().info("cluster").contains("cluster_enabled:1");
    } finally {
      probe.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static List<RedisURI> uris(RedisTarget target) {
    List<RedisURI> uris = new ArrayList<>();
    for (RedisTarget.HostPort node : target.nodes()) {
      RedisURI.Builder uri = RedisURI.Builder.redis(node.host(), node.port())
          .withSsl(target.tls()).withTimeout(COMMAND_TIMEOUT);
      if (target.password() != null) {
        uri.withPassword(target.password().toCharArray());
      }
      uris.add(uri.build());
    }
    return uris;
  }

  private static RedisClusterClient clusterClient(ClientResources resources, List<RedisURI> uris,
      SslOptions ssl) {
    RedisClusterClient client = RedisClusterClient.create(resources, uris);
    client.setOptions(ClusterClientOptions.builder()
        .sslOptions(ssl)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        // A node the cluster agrees has failed leaves the client's view of the cluster, which
        // closes the connection to it: the commands waiting there for it to come back fail at
        // once (UNAVAILABLE, the caller may retry) instead of at the command timeout, and the
        // promoted replica takes its slots.
        .nodeFilter(node -> !node.is(RedisClusterNode.NodeFlag.FAIL)
            && !node.is(RedisClusterNode.NodeFlag.NOADDR))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(TRIGGERED_REFRESH_SPACING)
            .build())
        .build());
    return client;
  }

  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    return commands;
  }

  /**
   * The id of the master that serves {@code slot} as this node last read the cluster's topology
   * (the slot may have moved since), or null when it knows none; on a plain Redis,
   * {@link #PLAIN}, its one node.
   */
  String masterOf(int slot) {
    if (cluster == null) {
      return PLAIN;
    }
    RedisClusterNode master = cluster.getPartitions().getMasterBySlot(slot);
    return master == null ? null : master.getNodeId();
  }

  /**
   * Whether the calling thread is a data-path loop that calls Redis on its own connections
   * ({@link #callHere}).
   */
  boolean callsHere() {
    return loops != null && LoopConnections.onLoop();
  }

  /**
   * {@code command} (all its keys of {@code slot}) written by the calling data-path loop on its
   * own connection to the slot's master (netty.redis.LoopConnection): Redis's answer, completed on
   * this loop; an error answer (the slot moved, the script is not loaded) fails it with a
   * RedisRefusal, a broken connection with an IOException. Null when the calling thread is no
   * such loop, the master is unknown, or its connection cannot take it now: the caller asks
   * Lettuce.
   */
  CompletableFuture<Object> callHere(int slot, byte[][] command) {
    if (loops == null) {
      return null;
    }
    if (cluster == null) {
      RedisTarget.HostPort node = target.nodes().get(0);
      return loops.call(PLAIN, node.host(), node.port(), command);
    }
    RedisClusterNode master = cluster.getPartitions().getMasterBySlot(slot);
    if (master == null) {
      return null;
    }
    RedisURI uri = master.getUri();
    return loops.call(master.getNodeId(), uri.getHost(), uri.getPort(), command);
  }

  /**
   * Commands that go to the master {@code nodeId} itself, unrouted (on a plain Redis, to it);
   * fails when the node is no longer in this node's view of the cluster.
   */
  CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> commandsOn(String nodeId) {
    return cluster == null ? CompletableFuture.completedFuture(commands)
        : nodeConnection(nodeId).thenApply(StatefulRedisConnection::async);
  }

  /** The connection to the master {@code nodeId} itself, as {@link #commandsOn}'s. */
  CompletableFuture<StatefulConnection<byte[], byte[]>> connectionOn(String nodeId) {
    return cluster == null ? CompletableFuture.completedFuture(connection)
        : nodeConnection(nodeId).thenApply(c -> c);
  }

  private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> nodeConnection(
      String nodeId) {
    try {
      return cluster.getConnectionAsync(nodeId);
    } catch (RedisException | IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Opens the event connection (sharded pub/sub), handing its messages to {@code handler}. */
  EventChannels openEvents(EventChannels.Handler handler) {
    return eventClient instanceof RedisClusterClient cluster
        ? new ClusterChannels(cluster, handler)
        : new StandaloneChannels((RedisClient) eventClient, handler);
  }

  /** Tells {@code listener} of the event client's connections coming and going. */
  void watchEvents(RedisConnectionStateListener listener) {
    eventClient.addListener(listener);
  }

  /** Asks the cluster for its topology again (after a lost connection); no-op on a plain Redis. */
  void refreshTopology() {
    if (eventClient instanceof RedisClusterClient cluster) {
      cluster.refreshPartitions();
    }
  }

  RedisTarget target() {
    return target;
  }

  /** Waits for {@code answer}; a failure of the store becomes an UNAVAILABLE refusal. */
  <T> T await(CompletableFuture<T> answer) {
    try {
      return answer.get(ANSWER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("the call was interrupted");
    } catch (TimeoutException e) {
      throw timedOut();
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /**
   * Bounds {@code answer} as {@link #await} bounds a wait: unless completed sooner, it fails with
   * the same refusal once the time is up, so a caller that never waits (an event loop that takes
   * the answer later) is answered too.
   */
  <T> CompletableFuture<T> bounded(CompletableFuture<T> answer) {
    ScheduledFuture<?> timeout;
    try {
      timeout = timeouts.schedule(() -> answer.completeExceptionally(timedOut()),
          ANSWER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      answer.completeExceptionally(unavailable("this server is closing its connections"));
      return answer;
    }
    answer.whenComplete((r, e) -> timeout.cancel(false));
    return answer;
  }

  private CirrusException timedOut() {
    return unavailable("it did not answer within " + COMMAND_TIMEOUT.toSeconds() + " s");
  }

  /** What a failed store command becomes for the caller. */
  CirrusException failure(Throwable cause) {
    Throwable e = LuaScript.unwrap(cause);
    if (e instanceof CirrusException refusal) {
      return refusal;
    }
    if (e instanceof RedisCommandTimeoutException) {
      return timedOut();
    }
    // A connection that breaks under a command (a Redis node killed, a reset) fails it with the
    // socket's own exception rather than a RedisException: the store is as unavailable.
    if (e instanceof RedisException || e instanceof IOException || e instanceof RedisRefusal) {
      return unavailable(String.valueOf(e.getMessage()));
    }
    throw new IllegalStateException("unexpected failure of a Redis command", e);
  }

  private CirrusException unavailable(String why) {
    return CirrusException.unavailable("the cache store (Redis at " + target + ") cannot serve: "
        + why + "; a write may or may not have been applied; retry when the store is back");
  }

  @Override
  public void close() {
    timeouts.shutdownNow();
    if (loops != null) {
      loops.close();
    }
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    eventClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
