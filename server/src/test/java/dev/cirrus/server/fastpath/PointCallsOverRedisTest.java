package dev.cirrus.server.fastpath;

import static dev.cirrus.server.fastpath.RawDataConnection.ok;
import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.RedisEntries;
import dev.cirrus.server.testing.Requests;
import dev.cirrus.wire.V1Method;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over the Redis Cluster store, the data path's single-key calls hold no thread while Redis works:
 * with one master holding every answer back ({@code CLIENT PAUSE}), more gets wait on it than the
 * server has threads for point calls (64), and a get of a key on another master is still answered
 * at once, on the data path and on gRPC alike. Were each waiting get holding a thread, the other
 * get would queue behind them until the pause ended. Runs in the build's redis-store execution
 * (the shared test cluster).
 */
@EnabledIfSystemProperty(named = CirrusServerExtension.STORE_PROPERTY, matches = "redis")
class PointCallsOverRedisTest {
  /** Gets waiting on the paused master at once: more than the point-call pool's 64 threads. */
  private static final int HELD = 80;
  private static final int PAUSE_MILLIS = 4_000;
  /** Keys written, so that every master holds some. */
  private static final int KEYS = 48;

  @RegisterExtension
  static final CirrusServerExtension SERVER = new CirrusServerExtension();

  private final String cache = SERVER.newCache();
  private final String prefix = "k-" + UUID.randomUUID() + "-";
  @RegisterExtension
  final GreetedConnections connections = new GreetedConnections(SERVER);

  /** A master to pause, keys of its own, and a key on another master. */
  private record Shards(int paused, List<String> heldKeys, String freeKey) {}

  /**
   * Writes the test's keys and picks the master to pause: one holding some of them but not the
   * account's cache registry (every call would wait on it once the node reads the registry again).
   */
  private Shards shards(EmbeddedRedisCluster redis) throws Exception {
    for (int i = 0; i < KEYS; i++) {
      Requests.put(SERVER.data(), cache, prefix + i, "v" + i);
    }
    Integer paused = null;
    List<String> heldKeys = null;
    String freeKey = null;
    for (int master : redis.masters()) {
      List<String> keys = RedisEntries.keysOn(redis, master, prefix);
      boolean hasRegistry = redis.cli(master, "EXISTS", "cirrus:{a." + ACCOUNT + "}:caches")
          .equals("1");
      if (paused == null && !hasRegistry && !keys.isEmpty()) {
        paused = master;
        heldKeys = keys;
      } else if (!keys.isEmpty()) {
        freeKey = keys.get(0);
      }
    }
    assertNotNull(paused, "no master without the registry holds one of " + KEYS + " keys");
    assertNotNull(freeKey, "no other master holds one of " + KEYS + " keys");
    return new Shards(paused, heldKeys, freeKey);
  }

  @Test
  void whileOneShardHoldsItsAnswers_getsOnAnotherShardAreAnsweredAtOnce() throws Exception {
    EmbeddedRedisCluster redis = EmbeddedRedisCluster.shared();
    Shards shards = shards(redis);
    int paused = shards.paused();
    List<String> heldKeys = shards.heldKeys();
    String freeKey = shards.freeKey();

    List<RawDataConnection> held = new ArrayList<>();
    for (int i = 0; i < HELD; i++) {
      held.add(connections.connect());
    }
    RawDataConnection free = connections.connect();
    RawDataConnection pipelined = connections.connect();

    redis.cli(paused, "CLIENT", "PAUSE", Integer.toString(PAUSE_MILLIS), "ALL");
    long pausedAt = System.nanoTime();
    for (int i = 0; i < HELD; i++) {
      held.get(i).request(V1Method.GET.number(), get(heldKeys.get(i % heldKeys.size())));
    }
    // Two requests back to back on one connection: still one at a time, answered in order.
    pipelined.request(V1Method.GET.number(), get(heldKeys.get(0)));
    pipelined.request(V1Method.GET.number(), get(freeKey));
    free.request(V1Method.GET.number(), get(freeKey));

    GetResponse freeAnswer = GetResponse.parseFrom(ok(free.read()));
    long freeMillis = millisSince(pausedAt);
    System.out.printf("get on a free master beside %d gets held by a paused one: %d ms%n", HELD,
        freeMillis);
    assertEquals(bytes(valueOf(freeKey)), freeAnswer.getResult().getValue());
    assertTrue(freeMillis < PAUSE_MILLIS - 1_000, "the get on a free master was answered after "
        + freeMillis + " ms, as the paused master's gets were: it waited behind them");

    for (int i = 0; i < HELD; i++) {
      RawDataConnection connection = held.get(i);
      connection.readTimeout(Duration.ofSeconds(30));
      GetResponse answer = GetResponse.parseFrom(ok(connection.read()));
      if (i == 0) {
        long heldMillis = millisSince(pausedAt);
        assertTrue(heldMillis >= PAUSE_MILLIS - 500,
            "a get on the paused master was answered after " + heldMillis + " ms: it was not held");
      }
      String key = heldKeys.get(i % heldKeys.size());
      assertEquals(bytes(valueOf(key)), answer.getResult().getValue(), key);
    }
    pipelined.readTimeout(Duration.ofSeconds(30));
    assertEquals(bytes(valueOf(heldKeys.get(0))),
        GetResponse.parseFrom(ok(pipelined.read())).getResult().getValue());
    assertEquals(bytes(valueOf(freeKey)),
        GetResponse.parseFrom(ok(pipelined.read())).getResult().getValue());
    // Every held call ended: the account's calls in progress are given back.
    free.request(V1Method.GET.number(), get(heldKeys.get(0)));
    assertFalse(GetResponse.parseFrom(ok(free.read())).getResult().getValue().isEmpty());
  }

  @Test
  void overGrpc_whileOneShardHoldsItsAnswers_getsOnAnotherShardAreAnsweredAtOnce()
      throws Exception {
    EmbeddedRedisCluster redis = EmbeddedRedisCluster.shared();
    Shards shards = shards(redis);
    DataPlaneGrpc.DataPlaneFutureStub async = DataPlaneGrpc.newFutureStub(SERVER.channel())
        .withCallCredentials(SERVER.data().getCallOptions().getCredentials());

    redis.cli(shards.paused(), "CLIENT", "PAUSE", Integer.toString(PAUSE_MILLIS), "ALL");
    long pausedAt = System.nanoTime();
    List<ListenableFuture<GetResponse>> held = new ArrayList<>();
    for (int i = 0; i < HELD; i++) {
      held.add(async.get(get(shards.heldKeys().get(i % shards.heldKeys().size()))));
    }
    GetResponse freeAnswer = async.withDeadlineAfter(30, TimeUnit.SECONDS)
        .get(get(shards.freeKey())).get(30, TimeUnit.SECONDS);
    long freeMillis = millisSince(pausedAt);
    System.out.printf("gRPC get on a free master beside %d gets held by a paused one: %d ms%n",
        HELD, freeMillis);

    assertEquals(bytes(valueOf(shards.freeKey())), freeAnswer.getResult().getValue());
    assertTrue(freeMillis < PAUSE_MILLIS - 1_000, "the get on a free master was answered after "
        + freeMillis + " ms, as the paused master's gets were: it waited behind them");
    for (int i = 0; i < HELD; i++) {
      String key = shards.heldKeys().get(i % shards.heldKeys().size());
      assertEquals(bytes(valueOf(key)), held.get(i).get(30, TimeUnit.SECONDS).getResult().getValue());
    }
    assertTrue(millisSince(pausedAt) >= PAUSE_MILLIS - 500, "the held gets were not held");
  }

  private String valueOf(String key) {
    return "v" + key.substring(prefix.length());
  }

  private GetRequest get(String key) {
    return GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
