package dev.cirrus.server.feed;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.Limit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many change streams may be open at once: per account, and per connection (a transport's
 * own notion: the gRPC door counts by the peer's address). Each open stream holds its queue and a
 * place on the server's schedules, so neither one account nor one connection may open without
 * bound. Counts are exact: taking and giving back are atomic per account and per connection.
 */
public final class StreamQuota {
  /** Streams one account may have open unless configured otherwise. */
  public static final int DEFAULT_PER_ACCOUNT = 1_000;
  /** Streams one connection may have open unless configured otherwise. */
  public static final int DEFAULT_PER_CONNECTION = 500;

  private final int perAccount;
  private final int perConnection;
  private final Map<String, Integer> accounts = new ConcurrentHashMap<>();
  private final Map<Object, Integer> connections = new ConcurrentHashMap<>();

  public StreamQuota(int perAccount, int perConnection) {
    if (perAccount < 1 || perConnection < 1) {
      throw new IllegalArgumentException("stream limits must be positive, got " + perAccount
          + " per account and " + perConnection + " per connection");
    }
    this.perAccount = perAccount;
    this.perConnection = perConnection;
  }

  /**
   * Takes a place for one stream of {@code account} on {@code connection} (null: a door without
   * connections to count), or refuses with RESOURCE_EXHAUSTED naming the limit. Returns what gives
   * the place back; running it more than once gives it back once.
   */
  public Runnable acquire(String account, Object connection) {
    requireNonNull(account, "account");
    take(accounts, account, perAccount, () -> CirrusException.limitExceeded(
        Limit.STREAMS_PER_ACCOUNT,
        "account '" + account + "' has " + perAccount + " change streams open, the server's limit"
            + " (--max-streams-per-account); close the ones it no longer needs (each client holds"
            + " one per cache with listeners or a near cache) or raise the limit",
        Map.of("limit", Integer.toString(perAccount), "account", account)));
    if (connection != null) {
      try {
        take(connections, connection, perConnection, () -> CirrusException.limitExceeded(
            Limit.STREAMS_PER_CONNECTION,
            "this connection has " + perConnection + " change streams open, the server's limit"
                + " (--max-streams-per-connection); close the ones it no longer needs, spread them"
                + " over more connections, or raise the limit",
            Map.of("limit", Integer.toString(perConnection))));
      } catch (CirrusException e) {
        give(accounts, account);
        throw e;
      }
    }
    AtomicBoolean given = new AtomicBoolean();
    return () -> {
      if (given.compareAndSet(false, true)) {
        give(accounts, account);
        if (connection != null) {
          give(connections, connection);
        }
      }
    };
  }

  /** Streams open for {@code account}. */
  public int openFor(String account) {
    return accounts.getOrDefault(account, 0);
  }

  private static <K> void take(Map<K, Integer> counts, K key, int limit,
      java.util.function.Supplier<CirrusException> refusal) {
    counts.compute(key, (k, open) -> {
      int now = open == null ? 0 : open;
      if (now >= limit) {
        throw refusal.get(); // leaves the count as it was
      }
      return now + 1;
    });
  }

  private static <K> void give(Map<K, Integer> counts, K key) {
    counts.computeIfPresent(key, (k, open) -> open <= 1 ? null : open - 1);
  }
}
