package dev.cirrus.server.limits;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.Limit;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Requests per second one account may make, over every door and connection together: a token
 * bucket per account holding one second's worth, refilled continuously, so a burst of a second's
 * requests passes and a steady flood is held to the rate. A request over it is refused at once
 * (LIMIT_EXCEEDED naming the limit and the flag), never queued: the server holds nothing for it.
 *
 * <p>Buckets of accounts quiet for a minute are dropped (a new one starts full, which is what a
 * quiet account's bucket would hold anyway), and at most {@link #MAX_ACCOUNTS} are kept, so the
 * limiter's memory is bounded whatever accounts tokens name. Time comes from the server's clock.
 *
 * <p>Concurrency: each bucket is guarded by its own monitor; buckets live in a concurrent cache.
 */
public final class AccountRateLimit {
  /** {@link #perSecond()}: no limit (the default). */
  public static final int OFF = 0;
  static final int MAX_ACCOUNTS = 100_000;

  private final int perSecond;
  private final Clock clock;
  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(MAX_ACCOUNTS).expireAfterAccess(Duration.ofMinutes(1)).build();

  /** @param perSecond requests per second per account; {@link #OFF} for no limit */
  public AccountRateLimit(int perSecond, Clock clock) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("perSecond must not be negative, got " + perSecond);
    }
    this.perSecond = perSecond;
    this.clock = requireNonNull(clock, "clock");
  }

  public int perSecond() {
    return perSecond;
  }

  /** Takes one request of {@code account}'s rate, or refuses it. */
  public void acquire(String account) {
    if (perSecond == OFF) {
      return;
    }
    long now = clock.millis();
    Bucket bucket = buckets.get(account, a -> new Bucket(perSecond, now));
    if (!bucket.take(perSecond, now)) {
      throw CirrusException.limitExceeded(
          Limit.REQUEST_RATE,
          "account '" + account + "' is over its limit of " + perSecond + " requests per second"
              + " (--account-rate-limit); slow down, batch its calls, or ask for a higher limit",
          Map.of("account", account, "limit", Integer.toString(perSecond)));
    }
  }

  /** Tokens in thousandths of a request, so a rate of one a second refills by the millisecond. */
  private static final class Bucket {
    private long milliTokens;
    private long refilledAt;

    Bucket(int perSecond, long now) {
      this.milliTokens = perSecond * 1000L;
      this.refilledAt = now;
    }

    synchronized boolean take(int perSecond, long now) {
      long capacity = perSecond * 1000L;
      if (now > refilledAt) {
        // perSecond requests a second = perSecond thousandths of a request a millisecond.
        milliTokens = Math.min(capacity, milliTokens + (now - refilledAt) * perSecond);
        refilledAt = now;
      }
      if (milliTokens < 1000) {
        return false;
      }
      milliTokens -= 1000;
      return true;
    }
  }
}
