package dev.cirrus.server.fastpath;

import static dev.cirrus.server.fastpath.RawDataConnection.ok;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.RedisEntries;
import dev.cirrus.server.testing.Requests;
import dev.cirrus.wire.V1Method;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over the Redis Cluster store, a get, getAll or put on the data path is sent by the event loop
 * that took it, on that loop's own connection to each key's master (named {@code
 * cirrus-loop} in Redis; MONITOR shows which connection each MGET and EVALSHA came on);
 * when those connections are killed, gets are still answered right (through Lettuce) and the
 * loops connect again, and writes go on. Runs in the build's redis-store execution (the shared test cluster).
 */
@EnabledIfSystemProperty(named = CirrusServerExtension.STORE_PROPERTY, matches = "redis")
class LoopCallsOverRedisTest {
  private static final String NAME = "name=cirrus-loop";
  /** Keys written, so that every master holds some. */
  private static final int KEYS = 48;

  @RegisterExtension
  static final CirrusServerExtension SERVER = new CirrusServerExtension();

  private final String cache = SERVER.newCache();
  private final String prefix = "k-" + UUID.randomUUID() + "-";
  @RegisterExtension
  final GreetedConnections connections = new GreetedConnections(SERVER);

  @Test
  void callsOnTheDataPath_goOnTheLoopsOwnConnections_andSurviveTheirDeath() throws Exception {
    EmbeddedRedisCluster redis = EmbeddedRedisCluster.shared();
    for (int i = 0; i < KEYS; i++) {
      Requests.put(SERVER.data(), cache, prefix + i, "v" + i);
    }
    RawDataConnection connection = connections.connect();
    readAll(connection);
    List<Integer> masters = redis.masters();
    for (int master : masters) {
      assertTrue(hasKeys(redis, master), "master " + master + " holds none of the keys");
    }
    awaitLoopConnections(redis, masters, connection, List.of(), "v");
    for (int master : masters) {
      // Other servers of this JVM may have loop connections here too: a command naming this
      // test's keys on any of them came from this server's loops; Lettuce's carry no name.
      List<String> loops = loopAddresses(redis, master);
      assertAllOn(loops, master, "MGET of a get", monitored(redis, master, "MGET",
          () -> readAll(connection)));
      assertAllOn(loops, master, "MGET of a getAll", monitored(redis, master, "MGET",
          () -> readBatch(connection)));
    }
    for (int master : masters) {
      // A write's script too: EVALSHA of set.lua from the same connections.
      List<String> loops = loopAddresses(redis, master);
      assertAllOn(loops, master, "EVALSHA of a put", monitored(redis, master, "EVALSHA",
          () -> writeAll(connection, "w")));
    }
    readAll(connection, "w");

    // Their death costs no read: the reads out on them are asked again through Lettuce.
    List<String> killed = new ArrayList<>();
    for (int master : masters) {
      for (String client : loopClients(redis, master, List.of())) {
        killed.add(master + "/" + field(client, "id"));
        redis.cli(master, "CLIENT", "KILL", "ID", field(client, "id"));
      }
    }
    readAll(connection, "w");
    awaitLoopConnections(redis, masters, connection, killed, "w");
    writeAll(connection, "x");
    readAll(connection, "x");
  }

  /** How MONITOR names the loop connections {@code master} serves. */
  private static List<String> loopAddresses(EmbeddedRedisCluster redis, int master)
      throws Exception {
    List<String> loops = new ArrayList<>();
    for (String client : loopClients(redis, master, List.of())) {
      loops.add("[0 " + field(client, "addr") + "]");
    }
    return loops;
  }

  private static void assertAllOn(List<String> loops, int master, String what,
      List<String> commands) {
    assertFalse(commands.isEmpty(), "no " + what + " of the test's keys reached master " + master);
    for (String command : commands) {
      assertTrue(loops.stream().anyMatch(command::contains), "an " + what + " reached master "
          + master + " on another connection than " + loops + ": " + command);
    }
  }

  /** Puts every key with the value {@code prefix} and its number, on {@code connection}. */
  private void writeAll(RawDataConnection connection, String valuePrefix) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      connection.request(V1Method.SET.number(), SetRequest.newBuilder().setCache(cache)
          .setWrite(Requests.write(prefix + i, valuePrefix + i)).build());
      ok(connection.read());
    }
  }

  private void readAll(RawDataConnection connection) throws IOException {
    readAll(connection, "v");
  }

  /** Gets every key on {@code connection}, checking each value ({@code prefix} and its number). */
  private void readAll(RawDataConnection connection, String valuePrefix) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      connection.request(V1Method.GET.number(), GetRequest.newBuilder().setCache(cache)
          .setKey(bytes(prefix + i)).build());
      assertEquals(bytes(valuePrefix + i),
          GetResponse.parseFrom(ok(connection.read())).getResult().getValue());
    }
  }

  /** Gets every key in one getAll on {@code connection}, checking each value. */
  private void readBatch(RawDataConnection connection) throws IOException {
    GetBatchRequest.Builder batch = GetBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < KEYS; i++) {
      batch.addKeys(bytes(prefix + i));
    }
    connection.request(V1Method.GET_BATCH.number(), batch.build());
    GetBatchResponse answer = GetBatchResponse.parseFrom(ok(connection.read()));
    assertEquals(KEYS, answer.getResultsCount());
    for (int i = 0; i < KEYS; i++) {
      assertEquals(bytes("v" + i), answer.getResults(i).getValue());
    }
  }

  /** An action that may throw. */
  private interface Action {
    void run() throws Exception;
  }

  /**
   * The {@code command}s naming this test's keys that {@code master} served while {@code action}
   * ran, as MONITOR prints them (each with its client's address).
   */
  private List<String> monitored(EmbeddedRedisCluster redis, int master, String command,
      Action action) throws Exception {
    Process monitor = new ProcessBuilder(EmbeddedRedisCluster.REDIS_CLI, "-h", "127.0.0.1", "-p",
        Integer.toString(master), "MONITOR").redirectErrorStream(true).start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch started = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          started.countDown();
          lines.add(line);
        }
      } catch (IOException e) {
        // The monitor was stopped.
      }
    });
    reader.start();
    try {
      assertTrue(started.await(10, TimeUnit.SECONDS), "MONITOR did not start");
      action.run();
      // MONITOR prints a command as it runs, before its answer leaves: the last is in by now.
      Thread.sleep(200);
    } finally {
      monitor.destroy();
      monitor.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
    }
    List<String> mgets = new ArrayList<>();
    for (String line : new ArrayList<>(lines)) {
      if (line.contains("\"" + command + "\"") && line.contains(prefix)) {
        mgets.add(line);
      }
    }
    return mgets;
  }

  /**
   * Reads until every master has a loop connection other than the {@code killed} ones (they open
   * after a loop's first read, and again a second after one closed).
   */
  private void awaitLoopConnections(EmbeddedRedisCluster redis, List<Integer> masters,
      RawDataConnection connection, List<String> killed, String valuePrefix) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      readAll(connection, valuePrefix);
      List<Integer> without = new ArrayList<>();
      for (int master : masters) {
        if (loopClients(redis, master, killed).isEmpty()) {
          without.add(master);
        }
      }
      if (without.isEmpty()) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "no loop connection to masters " + without);
      Thread.sleep(200);
    }
  }

  private boolean hasKeys(EmbeddedRedisCluster redis, int master) throws Exception {
    return !RedisEntries.keysOn(redis, master, prefix).isEmpty();
  }

  /**
   * The loop connections {@code master} serves, but the {@code killed} ones (named {@code
   * master/id}: each Redis numbers its clients itself).
   */
  private static List<String> loopClients(EmbeddedRedisCluster redis, int master,
      List<String> killed) throws Exception {
    List<String> clients = new ArrayList<>();
    for (String line : redis.cli(master, "CLIENT", "LIST").split("\n")) {
      boolean wasKilled = line.contains(" id=") && killed.contains(master + "/" + field(line, "id"));
      if (line.contains(" " + NAME + " ") && !wasKilled) {
        clients.add(line);
      }
    }
    return clients;
  }

  private static String field(String client, String name) {
    for (String part : client.split(" ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + client);
  }
}
