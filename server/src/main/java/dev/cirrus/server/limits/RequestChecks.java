package dev.cirrus.server.limits;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.Limit;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.error.SafeText;
import dev.cirrus.server.store.TtlSpec;
import java.util.Map;

/** Checks one request's parts against {@link Limits}; each refusal names the problem and the fix. */
final class RequestChecks {
  private final Limits limits;

  RequestChecks(Limits limits) {
    this.limits = requireNonNull(limits, "limits");
  }

  void cacheName(String name) {
    if (!limits.isValidCacheName(name)) {
      String shown = SafeText.excerpt(name);
      throw CirrusException.invalidArgument(
          ErrorCause.INVALID_CACHE_NAME,
          "cache name '" + shown + "' is invalid: use 1 to " + limits.maxCacheNameLength()
              + " printable characters, without control characters or leading/trailing spaces",
          Map.of("cache", shown, "limit", Integer.toString(limits.maxCacheNameLength()),
              "actual", Integer.toString(name.length())));
    }
  }

  void key(ByteString key) {
    if (key.size() > limits.maxKeyBytes()) {
      throw tooLarge(Limit.KEY_SIZE, "key", key.size(), limits.maxKeyBytes(),
          "use shorter keys or raise --max-key-bytes");
    }
  }

  void value(ByteString value) {
    if (value.size() > limits.maxValueBytes()) {
      throw tooLarge(Limit.VALUE_SIZE, "value", value.size(), limits.maxValueBytes(),
          "store smaller values or raise --max-value-bytes");
    }
  }

  void config(ByteString config) {
    if (config.size() > limits.maxConfigBytes()) {
      throw tooLarge(Limit.CONFIG_SIZE, "cache configuration", config.size(),
          limits.maxConfigBytes(), "store a smaller configuration");
    }
  }

  void batch(int size) {
    if (size > limits.maxBatchSize()) {
      throw CirrusException.limitExceeded(
          Limit.BATCH_SIZE,
          "batch of " + size + " items is over the limit of " + limits.maxBatchSize()
              + " items; split it into batches of at most " + limits.maxBatchSize()
              + " or raise --max-batch-size",
          facts(limits.maxBatchSize(), size));
    }
  }

  /** Refuses an answer of {@code bytes} over the limit; {@code fix} says what to do instead. */
  void answer(long bytes, String what, String fix) {
    if (bytes > limits.maxResponseBytes()) {
      throw CirrusException.limitExceeded(
          Limit.RESPONSE_SIZE,
          "the answer to this " + what + " would be " + bytes + " bytes, over the limit of "
              + limits.maxResponseBytes() + " bytes (--max-response-bytes); " + fix,
          facts(limits.maxResponseBytes(), bytes));
    }
  }

  void ttl(TtlSpec ttl) {
    if (ttl.mode() != TtlSpec.Mode.DURATION) {
      return;
    }
    long max = limits.maxTtl().toMillis();
    if (ttl.millis() < 0 || ttl.millis() > max) {
      throw CirrusException.limitExceeded(
          Limit.TTL_RANGE,
          "TTL of " + ttl.millis() + " ms is out of range: use 0 to " + max + " ms ("
              + limits.maxTtl().toDays() + " days), or an eternal TTL",
          Map.of("limit", Long.toString(max), "actual", Long.toString(ttl.millis())));
    }
  }

  void cacheCount(String account, int existing) {
    if (existing >= limits.maxCachesPerAccount()) {
      throw CirrusException.limitExceeded(
          Limit.CACHES_PER_ACCOUNT,
          "account '" + account + "' already has " + existing + " caches, the limit; delete"
              + " caches it no longer uses or raise --max-caches-per-account",
          Map.of("account", account, "limit", Integer.toString(limits.maxCachesPerAccount()),
              "actual", Integer.toString(existing)));
    }
  }

  void notNegative(String field, long value) {
    if (value < 0) {
      throw CirrusException.invalidArgument(
          ErrorCause.INVALID_REQUEST, field + " must not be negative, got " + value,
          Map.of("field", field, "actual", Long.toString(value)));
    }
  }

  private static CirrusException tooLarge(
      Limit exceeded, String what, int actual, int limit, String fix) {
    return CirrusException.limitExceeded(
        exceeded,
        what + " of " + actual + " bytes is over the limit of " + limit + " bytes; " + fix,
        facts(limit, actual));
  }

  private static Map<String, String> facts(long limit, long actual) {
    return Map.of("limit", Long.toString(limit), "actual", Long.toString(actual));
  }
}
