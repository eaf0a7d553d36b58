package dev.cirrus.server.store.redis;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.RedisEntries;
import dev.cirrus.server.testing.Requests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Single-key gets over a Redis Cluster: a get that finds no other on its way to its master goes
 * alone, one call each (a plain read: one MGET of its bucket's tombstone and entry); gets that
 * arrive while one is on its way wait for it and then go together as a batch does (one MGET per
 * bucket, written together), each answered with its own key's entry, and no script. The master
 * is held with {@code CLIENT PAUSE} so that the gets surely arrive while the first is on its way;
 * calls are counted by Redis itself ({@code INFO commandstats}: MGET, EVALSHA and EVAL).
 */
class CoalescedGetsTest {
  private static final EmbeddedRedisCluster REDIS = EmbeddedRedisCluster.shared();
  /** Keys written, so that every master holds several. */
  private static final int KEYS = 60;
  /** Gets that queue behind the held one: some keys more than once. */
  private static final int QUEUED = 100;
  private static final int PAUSE_MILLIS = 2_000;

  @RegisterExtension
  static final CirrusServerExtension SERVER =
      new CirrusServerExtension(b -> b.redisStore(REDIS.target()));

  private final String cache = SERVER.newCache();
  private final String prefix = "k-" + System.nanoTime() + "-";

  @Test
  void getsOneAtATime_goAloneOneCallEach() throws Exception {
    int master = writeKeysAndPickAMaster();
    List<String> keys = RedisEntries.keysOn(REDIS, master, prefix);
    get(keys.get(0));
    long before = mgets(master);
    long scriptsBefore = scriptCalls(master);
    for (String key : keys) {
      assertEquals(bytes(valueOf(key)), get(key).getResult().getValue(), key);
    }
    assertEquals(keys.size(), mgets(master) - before,
        "MGETs on the master for " + keys.size() + " gets one after another");
    assertEquals(0, scriptCalls(master) - scriptsBefore, "a get without an access TTL runs no script");
  }

  @Test
  void getsArrivingWhileOneIsOnItsWay_goTogetherOneMgetPerBucket() throws Exception {
    int master = writeKeysAndPickAMaster();
    List<String> keys = RedisEntries.keysOn(REDIS, master, prefix);
    DataPlaneGrpc.DataPlaneFutureStub async = DataPlaneGrpc.newFutureStub(SERVER.channel())
        .withCallCredentials(SERVER.data().getCallOptions().getCredentials());
    get(keys.get(0));
    GetBatchRequest.Builder batch = GetBatchRequest.newBuilder().setCache(cache);
    keys.forEach(k -> batch.addKeys(bytes(k)));
    SERVER.data().getBatch(batch.build());
    long scriptsBefore = scriptCalls(master);
    long mgetsBefore = mgets(master);

    REDIS.cli(master, "CLIENT", "PAUSE", Integer.toString(PAUSE_MILLIS), "ALL");
    long pausedAt = System.nanoTime();
    ListenableFuture<GetResponse> first = async.get(request(keys.get(0)));
    // The first get is now on its way to the held master; what comes next queues behind it.
    Thread.sleep(200);
    assertFalse(first.isDone(), "the first get was answered while its master was held");
    List<ListenableFuture<GetResponse>> queued = new ArrayList<>();
    for (int i = 0; i < QUEUED; i++) {
      queued.add(async.get(request(keys.get(i % keys.size()))));
    }

    assertEquals(bytes(valueOf(keys.get(0))), first.get(30, TimeUnit.SECONDS).getResult().getValue());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt) >= PAUSE_MILLIS - 300,
        "the first get was not held by the paused master");
    for (int i = 0; i < QUEUED; i++) {
      String key = keys.get(i % keys.size());
      GetResponse answer = queued.get(i).get(30, TimeUnit.SECONDS);
      assertTrue(answer.getResult().getFound(), key);
      assertEquals(bytes(valueOf(key)), answer.getResult().getValue(), key);
    }
    Set<Integer> buckets = new HashSet<>();
    keys.forEach(k -> buckets.add(BucketKeys.bucketOf(bytes(k))));
    assertEquals(0, scriptCalls(master) - scriptsBefore, "script calls on the master");
    assertEquals(1 + buckets.size(), mgets(master) - mgetsBefore, "MGETs on the master: the held"
        + " get's own, then one per bucket of the " + QUEUED + " that came while it was on its way");
  }

  // ---- fixture ----

  /**
   * Writes the test's keys and answers a master that holds at least 5 of them but not the
   * account's cache registry (a read of it would add calls there).
   */
  private int writeKeysAndPickAMaster() throws Exception {
    for (int i = 0; i < KEYS; i++) {
      Requests.put(SERVER.data(), cache, prefix + i, "v" + i);
    }
    for (int master : REDIS.masters()) {
      boolean hasRegistry = REDIS.cli(master, "EXISTS", "cirrus:{a." + ACCOUNT + "}:caches")
          .equals("1");
      if (!hasRegistry && RedisEntries.keysOn(REDIS, master, prefix).size() >= 5) {
        return master;
      }
    }
    throw new AssertionError("no master without the registry holds 5 of " + KEYS + " keys");
  }

  private String valueOf(String key) {
    return "v" + key.substring(prefix.length());
  }

  private GetRequest request(String key) {
    return GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build();
  }

  private GetResponse get(String key) {
    return SERVER.data().get(request(key));
  }

  /** The script calls {@code master} has run. */
  private static long scriptCalls(int master) throws Exception {
    return ClusterSlots.scriptCalls(REDIS.cli(master, "INFO", "commandstats"));
  }

  /** The MGETs {@code master} has run. */
  private static long mgets(int master) throws Exception {
    return ClusterSlots.mgets(REDIS.cli(master, "INFO", "commandstats"));
  }
}
