package dev.cirrus.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a front door refused or failed before any cache's meters saw them (a token refused, a
 * permission missing, an account over its rate, a full queue, a connection over its bound, a
 * request that cannot be parsed), counted by door, the door's own status and a {@link Reason}.
 * A failure a {@link MeteredCacheStore} counted already is not counted again, so the two counters
 * together hold every failed call once. Labels come from fixed sets (no account, no cache), so
 * the series stay few whoever calls.
 *
 * <p>Cost: nothing on a call that succeeds; a map lookup and an adder increment on a refusal.
 */
public final class Refusals {
  static final String NAME = "cirrus.refusals";

  /** The front doors, by the {@code door} label. */
  public enum Door {
    GRPC("grpc"),
    MOMENTO_GRPC("momento-grpc"),
    MOMENTO_HTTP("momento-http"),
    /** The HTTP listener itself, and its routes other than Momento's cache API. */
    HTTP("http"),
    DATA("data");

    private final String label;

    Door(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Why a call was refused, few enough for an operator to read at a glance. */
  public enum Reason {
    /** No token, or one not accepted (invalid, expired, revoked). */
    TOKEN,
    /** A token without the permission or the cache the call needs. */
    PERMISSION,
    RATE_LIMIT,
    /** An account's heavy-call queue, or the server's, was full. */
    QUEUED_CALLS,
    /** Change streams per account or per connection, or a subscriber fallen behind. */
    STREAMS,
    /** Connections per server, per address or per account. */
    CONNECTIONS,
    /** Request bytes the data path holds at once. */
    BYTES_IN_FLIGHT,
    /** A key, value, batch, frame, body or answer over its size limit. */
    TOO_LARGE,
    /** Caches per account. */
    QUOTA,
    /** A request that cannot be served as sent (malformed, out of range, no such route). */
    BAD_REQUEST,
    NOT_FOUND,
    CONFLICT,
    /** A method of a protocol this server does not serve. */
    UNSERVED,
    UNAVAILABLE,
    INTERNAL;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
      return label;
    }

    /** The reason of {@code failure}: from its code and limit, {@link #INTERNAL} for a bug. */
    public static Reason of(Throwable failure) {
      if (!(failure instanceof CirrusException e)) {
        return INTERNAL;
      }
      return switch (e.code()) {
        case UNAUTHENTICATED -> TOKEN;
        case PERMISSION_DENIED -> PERMISSION;
        case CACHE_NOT_FOUND -> NOT_FOUND;
        case CACHE_ALREADY_EXISTS -> CONFLICT;
        case INVALID_ARGUMENT -> BAD_REQUEST;
        case UNAVAILABLE -> UNAVAILABLE;
        case INTERNAL -> INTERNAL;
        case LIMIT_EXCEEDED -> switch (e.limit()) {
          case REQUEST_RATE -> RATE_LIMIT;
          case QUEUED_CALLS -> QUEUED_CALLS;
          case STREAMS_PER_ACCOUNT, STREAMS_PER_CONNECTION, SUBSCRIBER_QUEUE -> STREAMS;
          case CACHES_PER_ACCOUNT -> QUOTA;
          case KEY_SIZE, VALUE_SIZE, CONFIG_SIZE, BATCH_SIZE, RESPONSE_SIZE -> TOO_LARGE;
          case TTL_RANGE -> BAD_REQUEST;
        };
      };
    }

    /** The reason an HTTP refusal of {@code status} stands for, when no failure says more. */
    public static Reason ofHttpStatus(int status) {
      return switch (status) {
        case 401 -> TOKEN;
        case 403 -> PERMISSION;
        case 404 -> NOT_FOUND;
        case 409 -> CONFLICT;
        case 413, 414, 431 -> TOO_LARGE;
        case 429 -> RATE_LIMIT;
        case 503 -> UNAVAILABLE;
        default -> status >= 500 ? INTERNAL : BAD_REQUEST;
      };
    }
  }

  /** One series' labels and count, for the console. */
  public record Count(String door, String status, String reason, long count) {}

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  Refusals(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  /** Counts one call {@code door} refused with {@code status} (its own word for it) for {@code reason}. */
  public void refused(Door door, String status, Reason reason) {
    String key = door.label() + ' ' + status + ' ' + reason.label();
    counters.computeIfAbsent(key, k -> Counter.builder(NAME)
        .tag("door", door.label()).tag("status", status).tag("reason", reason.label())
        .description("calls refused or failed before a cache's meters saw them, by door, the"
            + " door's status and reason")
        .register(registry)).increment();
  }

  /**
   * Counts {@code failure}, which {@code door} answers with {@code status}, unless a cache's
   * meters counted it already (call on the thread that made the store call, as every door does).
   */
  public void failed(Door door, Throwable failure, String status) {
    if (MeteredCacheStore.countedHere(failure)) {
      return;
    }
    refused(door, status, Reason.of(failure));
  }

  /** Every series counted so far, sorted by door, status and reason. */
  public List<Count> counts() {
    List<Count> out = new ArrayList<>();
    for (Counter c : counters.values()) {
      out.add(new Count(c.getId().getTag("door"), c.getId().getTag("status"),
          c.getId().getTag("reason"), (long) c.count()));
    }
    out.sort((a, b) -> (a.door() + ' ' + a.status() + ' ' + a.reason())
        .compareTo(b.door() + ' ' + b.status() + ' ' + b.reason()));
    return out;
  }
}
