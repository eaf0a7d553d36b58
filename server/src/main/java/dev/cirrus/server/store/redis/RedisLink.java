package dev.cirrus.server.store.redis;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The store's connections to a Redis Cluster, through Lettuce's cluster client: one multiplexed
 * connection for commands (Lettuce routes each to the master of its key's slot and follows the
 * topology as it changes: periodically and on MOVED/ASK or a lost connection), and a second
 * client for the sharded pub/sub of change events, so that a broken connection there is told
 * apart from one of the command connection. Waiting for an answer is bounded by {@link
 * #COMMAND_TIMEOUT}; failures become UNAVAILABLE refusals that name the store.
 */
final class RedisLink implements AutoCloseable {
  /** The most one command may take before the call fails (the store is down or partitioned). */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

  private final RedisTarget target;
  private final ClientResources resources;
  private final RedisClusterClient client;
  private final RedisClusterClient eventClient;
  private final StatefulRedisClusterConnection<byte[], byte[]> connection;

  private RedisLink(RedisTarget target, ClientResources resources, RedisClusterClient client,
      RedisClusterClient eventClient, StatefulRedisClusterConnection<byte[], byte[]> connection) {
    this.target = target;
    this.resources = resources;
    this.client = client;
    this.eventClient = eventClient;
    this.connection = connection;
  }

  /**
   * Connects to the cluster that {@code target}'s seed nodes belong to.
   *
   * @throws UncheckedIOException naming the target and what to check when it cannot be reached
   */
  static RedisLink connect(RedisTarget target) {
    requireNonNull(target, "target");
    ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2)
        .computationThreadPoolSize(2).build();
    RedisClusterClient client = newClient(target, resources);
    RedisClusterClient eventClient = newClient(target, resources);
    try {
      StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
      return new RedisLink(target, resources, client, eventClient, connection);
    } catch (RedisException e) {
      client.shutdown();
      eventClient.shutdown();
      resources.shutdown();
      throw new UncheckedIOException(new IOException("cannot use the Redis store at " + target
          + " (" + e.getMessage() + "); check that Redis Cluster runs there (every node with"
          + " cluster-enabled yes and all slots assigned), that the address is right, and the"
          + " password (--store-password-file or CIRRUS_STORE_PASSWORD)", e));
    }
  }

  private static RedisClusterClient newClient(RedisTarget target, ClientResources resources) {
    List<RedisURI> uris = new ArrayList<>();
    for (RedisTarget.HostPort node : target.nodes()) {
      RedisURI.Builder uri = RedisURI.Builder.redis(node.host(), node.port())
          .withSsl(target.tls()).withTimeout(COMMAND_TIMEOUT);
      if (target.password() != null) {
        uri.withPassword(target.password().toCharArray());
      }
      uris.add(uri.build());
    }
    RedisClusterClient client = RedisClusterClient.create(resources, uris);
    client.setOptions(ClusterClientOptions.builder()
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .build());
    return client;
  }

  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    return connection.async();
  }

  /** The client of the event connection (sharded pub/sub). */
  RedisClusterClient eventClient() {
    return eventClient;
  }

  RedisTarget target() {
    return target;
  }

  /** Waits for {@code answer}; a failure of the store becomes an UNAVAILABLE refusal. */
  <T> T await(CompletableFuture<T> answer) {
    try {
      return answer.get(COMMAND_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("the call was interrupted");
    } catch (TimeoutException e) {
      throw unavailable("it did not answer within " + COMMAND_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /** What a failed store command becomes for the caller. */
  CirrusException failure(Throwable cause) {
    Throwable e = LuaScript.unwrap(cause);
    if (e instanceof CirrusException refusal) {
      return refusal;
    }
    if (e instanceof RedisCommandTimeoutException) {
      return unavailable("it did not answer within " + COMMAND_TIMEOUT.toSeconds() + " s");
    }
    if (e instanceof RedisException) {
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
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    eventClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
