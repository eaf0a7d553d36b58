package dev.cirrus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cirrus.cli.CliProcess.Result;
import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code cirrus.jar} as a child process against a real server on loopback (in this
 * JVM), checked by what a user sees: exit codes, standard output (human and JSON) and error
 * messages; and by an application's JCache client reading what the CLI wrote, and the other way
 * round. Each test's account is fresh, so tests share the server but never a cache. The commands
 * of one test that share an environment run in one JVM ({@link CliSession}); the watch, token,
 * help and completion checks and the refusals that need another environment start {@code java
 * -jar} for each command ({@link CliProcess}), which also proves the jar's entry and exit codes.
 */
class CliIT {

  @RegisterExtension static CirrusExtension cirrus = CirrusExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The environment a user sets: the token alone (the token carries the endpoint). */
  private static Map<String, String> env(CirrusAccount account) {
    return Map.of("CIRRUS_AUTH_TOKEN", account.token());
  }

  /** A JVM that runs one test's commands with the account's environment. */
  private static CliSession session(CirrusAccount account) {
    return CliSession.start(env(account));
  }

  /** Calls may wait behind other work on a loaded machine: a long deadline, never a flake. */
  private static Result cirrus(CliSession cli, String... args) {
    return cli.run(withTimeout(args));
  }

  private static String[] withTimeout(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--timeout=30s";
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  private static JsonNode json(Result result) throws IOException {
    return JSON.readTree(result.out());
  }

  @Test
  void entries_setGetKeysDelete_humanAndJson_sharedWithJCacheApplications(CirrusAccount account)
      throws IOException {
    try (CliSession cli = session(account)) {
      Result created = cirrus(cli, "cache", "create", "orders", "-o", "json");
      assertEquals(0, created.exitCode(), created::toString);
      assertEquals("orders", json(created).get("name").asText());

      Result set = cirrus(cli, "set", "orders", "o-1", "two apples", "--ttl", "10m", "-o", "json");
      assertEquals(0, set.exitCode(), set::toString);
      JsonNode written = json(set);
      assertEquals("created", written.get("effect").asText());
      long ttl = written.get("expiresInMillis").asLong();
      assertTrue(ttl > 9 * 60_000 && ttl <= 10 * 60_000, "TTL of about 10m, was " + ttl + " ms");

      // An application's untyped JCache client reads the String the CLI wrote, and writes one back.
      CacheManager application = account.cacheManager();
      Cache<Object, Object> orders = application.getCache("orders");
      assertEquals("two apples", orders.get("o-1"));
      orders.put("o-2", "a pear");

      Result got = cirrus(cli, "get", "orders", "o-2");
      assertEquals(0, got.exitCode(), got::toString);
      assertEquals("a pear", got.out().strip());

      Result keys = cirrus(cli, "-o", "json", "keys", "orders");
      assertEquals(0, keys.exitCode(), keys::toString);
      List<String> listed = JSON.convertValue(json(keys).get("keys"), List.class);
      assertEquals(List.of("o-1", "o-2"), listed.stream().sorted().toList());
      assertFalse(json(keys).get("truncated").asBoolean());

      Result deleted = cirrus(cli, "delete", "orders", "o-1");
      assertEquals(0, deleted.exitCode(), deleted::toString);
      assertNull(orders.get("o-1"), "the CLI's delete reached the server");

      Result miss = cirrus(cli, "get", "orders", "o-1", "-o", "json");
      assertEquals(1, miss.exitCode(), miss::toString);
      assertFalse(json(miss).get("found").asBoolean());
      assertTrue(miss.err().contains("no entry 'o-1'"), miss::toString);
    }
  }

  @Test
  void cacheCommands_createListDescribeFlushDelete(CirrusAccount account) throws IOException {
    try (CliSession cli = session(account)) {
      Result created = cirrus(cli, "cache", "create", "sessions", "--ttl", "30m",
          "--expiry", "accessed");
      assertEquals(0, created.exitCode(), created::toString);
      assertEquals("created cache 'sessions'", created.out().strip());
      Cache<Object, Object> sessions = account.cacheManager().getCache("sessions");
      sessions.put("s-1", "alice");
      sessions.put("s-2", "bob");

      Result list = cirrus(cli, "cache", "list", "-o", "json");
      assertEquals(0, list.exitCode(), list::toString);
      assertEquals("[\"sessions\"]", json(list).get("caches").toString());

      Result describe = cirrus(cli, "-o", "json", "cache", "describe", "sessions");
      assertEquals(0, describe.exitCode(), describe::toString);
      assertEquals(2, json(describe).get("entries").asLong());
      assertEquals("accessed:1800000", json(describe).get("settings").get("expiry").asText());

      Result flush = cirrus(cli, "cache", "flush", "sessions");
      assertEquals(0, flush.exitCode(), flush::toString);
      assertTrue(flush.out().contains("2 entries removed"), flush::toString);
      assertNull(sessions.get("s-1"));

      Result delete = cirrus(cli, "cache", "delete", "sessions", "-o", "json");
      assertEquals(0, delete.exitCode(), delete::toString);
      assertTrue(json(delete).get("deleted").asBoolean());

      Result again = cirrus(cli, "cache", "delete", "sessions");
      assertEquals(5, again.exitCode(), again::toString);
      assertTrue(again.err().contains("Cache 'sessions' does not exist"), again::toString);
    }
  }

  @Test
  void watch_printsChangesAsJsonLines_andStopsAfterCount(CirrusAccount account) throws Exception {
    Cache<Object, Object> feed = account.cacheManager().createCache("feed",
        new javax.cache.configuration.MutableConfiguration<>());
    try (CliProcess watch = CliProcess.start(env(account),
        withTimeout("watch", "feed", "--count", "3", "-o", "json"))) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(CliProcess.TIMEOUT_SECONDS));
      while (!watch.errSoFar().contains("watching cache 'feed'")) {
        assertTrue(Instant.now().isBefore(deadline), "watch never subscribed: " + watch.errSoFar());
        Thread.sleep(50);
      }
      feed.put("k", "v1");
      feed.put("k", "v2");
      feed.remove("k");
      Result result = watch.await();
      assertEquals(0, result.exitCode(), result::toString);
      List<String> lines = result.out().lines().toList();
      assertEquals(3, lines.size(), result::toString);
      assertEquals("created", JSON.readTree(lines.get(0)).get("event").asText());
      assertEquals("v1", JSON.readTree(lines.get(0)).get("value").asText());
      assertEquals("updated", JSON.readTree(lines.get(1)).get("event").asText());
      assertEquals("v2", JSON.readTree(lines.get(1)).get("value").asText());
      assertEquals("removed", JSON.readTree(lines.get(2)).get("event").asText());
      assertEquals("k", JSON.readTree(lines.get(2)).get("key").asText());
    }
  }

  @Test
  void tokenShow_decodesTheTokenInUse(CirrusAccount account) throws IOException {
    Result shown = CliProcess.run(Map.of(), "token", "show", "--token", account.token(), "-o", "json");
    assertEquals(0, shown.exitCode(), shown::toString);
    JsonNode token = json(shown);
    assertEquals(account.name(), token.get("account").asText());
    assertEquals(account.uri().toString(), token.get("endpoint").asText());
    assertEquals("[\"read\",\"write\",\"control\"]", token.get("permissions").toString());
    assertFalse(token.get("expired").asBoolean());

    Result garbage = CliProcess.run(Map.of("CIRRUS_AUTH_TOKEN", "not-a-token"), "token", "show");
    assertEquals(3, garbage.exitCode(), garbage::toString);
    assertTrue(garbage.err().contains("not a Cirrus token"), garbage::toString);
  }

  @Test
  void bench_runsBoundedLoad_printsLatencies_andRemovesItsCache(CirrusAccount account)
      throws IOException {
    try (CliSession cli = session(account)) {
      Result bench = cirrus(cli, "bench", "--requests", "300", "--threads", "2",
          "--set-ratio", "0.5", "-o", "json");
      assertEquals(0, bench.exitCode(), bench::toString);
      JsonNode summary = json(bench);
      assertEquals(0, summary.get("errors").asLong());
      long calls = summary.get("get").get("count").asLong()
          + summary.get("set").get("count").asLong();
      assertEquals(300, calls);
      assertTrue(summary.get("set").get("count").asLong() > 50, summary::toString);
      long p50 = summary.get("get").get("p50Micros").asLong();
      long p99 = summary.get("get").get("p99Micros").asLong();
      assertTrue(p50 > 0 && p50 <= p99 && p99 <= summary.get("get").get("maxMicros").asLong(),
          summary::toString);
      assertNull(account.cacheManager().getCache("cirrus-bench"),
          "the bench's own cache is deleted");

      Result tooMany = cirrus(cli, "bench", "--threads", "1000");
      assertEquals(2, tooMany.exitCode(), tooMany::toString);
      assertTrue(tooMany.err().contains("--threads must be between 1 and 64"), tooMany::toString);
    }
  }

  @Test
  void badInput_clearErrors_andExitCodes(CirrusAccount account) {
    try (CliSession cli = session(account)) {
      Result unknownCache = cirrus(cli, "get", "nowhere", "k");
      assertEquals(5, unknownCache.exitCode(), unknownCache::toString);
      assertTrue(unknownCache.err().contains("Cache 'nowhere' does not exist"),
          unknownCache::toString);

      Result badTtl = cirrus(cli, "set", "nowhere", "k", "v", "--ttl", "10 minutes");
      assertEquals(2, badTtl.exitCode(), badTtl::toString);
      assertTrue(
          badTtl.err().contains("Invalid value '10 minutes' for --ttl: use a duration such as"),
          badTtl::toString);

      Result noToken = CliProcess.run(Map.of("CIRRUS_URI", account.uri().toString()),
          "cache", "list");
      assertEquals(3, noToken.exitCode(), noToken::toString);
      assertTrue(noToken.err().contains("No token: pass --token"), noToken::toString);

      Result refused = CliProcess.run(Map.of("CIRRUS_URI", account.uri().toString(),
          "CIRRUS_AUTH_TOKEN", account.token() + "x"), "cache", "list");
      assertEquals(3, refused.exitCode(), refused::toString);
      assertTrue(refused.err().contains("refused the token"), refused::toString);

      // Port 1 on loopback: nothing listens there.
      Result unreachable = cirrus(cli, "--uri", "cirrus://127.0.0.1:1", "cache", "list");
      assertEquals(4, unreachable.exitCode(), unreachable::toString);
      assertTrue(unreachable.err().contains("unreachable at cirrus://127.0.0.1:1"),
          unreachable::toString);

      Result unknownCommand = cirrus(cli, "gett", "c", "k");
      assertEquals(2, unknownCommand.exitCode(), unknownCommand::toString);
      assertTrue(unknownCommand.err().contains("Unmatched argument"), unknownCommand::toString);

      for (Result result :
          List.of(unknownCache, badTtl, noToken, refused, unreachable, unknownCommand)) {
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result);
      }
    }
  }

  @Test
  void helpAndCompletion() {
    Result help = CliProcess.run(Map.of(), "cache", "create", "--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.out().contains("Usage: cirrus cache create") && help.out().contains("--ttl"),
        help::toString);

    Result completion = CliProcess.run(Map.of(), "completion");
    assertEquals(0, completion.exitCode(), completion::toString);
    assertTrue(completion.out().contains("complete -F") && completion.out().contains("watch"),
        "a bash completion script covering the commands");
  }
}
