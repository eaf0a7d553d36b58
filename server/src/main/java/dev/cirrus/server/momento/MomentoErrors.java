package dev.cirrus.server.momento;

import dev.cirrus.server.error.CirrusException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one mapping of domain errors to what Momento's SDKs expect, so that their typed errors come
 * out right: a missing cache is NOT_FOUND (their CacheNotFoundError), a cache that exists
 * ALREADY_EXISTS, a bad, expired or revoked token UNAUTHENTICATED (AuthenticationError), a token
 * without the permission or the cache PERMISSION_DENIED (PermissionError), a key or value over
 * the size limit and a batch over the batch limit RESOURCE_EXHAUSTED with Momento's
 * {@code item_size_limit_exceeded} / {@code request_size_limit_exceeded} cause (LimitExceeded),
 * any other bad request INVALID_ARGUMENT. Anything that is not a {@link CirrusException} is a bug
 * on our side: INTERNAL with a generic message, the cause in the server log only.
 */
public final class MomentoErrors {
  /** gRPC's published status code numbers (no gRPC here). */
  static final int INVALID_ARGUMENT = 3;
  static final int NOT_FOUND = 5;
  static final int ALREADY_EXISTS = 6;
  static final int PERMISSION_DENIED = 7;
  static final int RESOURCE_EXHAUSTED = 8;
  static final int UNIMPLEMENTED = 12;
  static final int INTERNAL = 13;
  static final int UNAVAILABLE = 14;
  static final int UNAUTHENTICATED = 16;

  private static final Logger LOG = Logger.getLogger(MomentoErrors.class.getName());

  private MomentoErrors() {}

  /** How the Momento protocol reports {@code failure}. */
  public static MomentoError of(Throwable failure) {
    if (failure instanceof CirrusException e) {
      return of(e);
    }
    LOG.log(Level.WARNING, "event=internal_error door=momento type="
        + failure.getClass().getName(), failure);
    return new MomentoError(INTERNAL,
        "internal server error; the server log has the details, retry or report it", null);
  }

  private static MomentoError of(CirrusException e) {
    return switch (e.code()) {
      case CACHE_NOT_FOUND -> new MomentoError(NOT_FOUND, e.getMessage(), null);
      case CACHE_ALREADY_EXISTS -> new MomentoError(ALREADY_EXISTS, e.getMessage(), null);
      case UNAUTHENTICATED -> new MomentoError(UNAUTHENTICATED, e.getMessage(), null);
      case PERMISSION_DENIED -> new MomentoError(PERMISSION_DENIED, e.getMessage(), null);
      case LIMIT_EXCEEDED -> switch (e.limit()) {
        case KEY_SIZE, VALUE_SIZE ->
            new MomentoError(RESOURCE_EXHAUSTED, e.getMessage(), "item_size_limit_exceeded");
        case BATCH_SIZE, RESPONSE_SIZE ->
            new MomentoError(RESOURCE_EXHAUSTED, e.getMessage(), "request_size_limit_exceeded");
        case REQUEST_RATE ->
            new MomentoError(RESOURCE_EXHAUSTED, e.getMessage(), "operations_rate_limit_exceeded");
        case CACHES_PER_ACCOUNT, SUBSCRIBER_QUEUE, STREAMS_PER_ACCOUNT, STREAMS_PER_CONNECTION,
            QUEUED_CALLS ->
            new MomentoError(RESOURCE_EXHAUSTED, e.getMessage(), null);
        // A TTL out of range or an oversized configuration is a request to fix, not a quota.
        case TTL_RANGE, CONFIG_SIZE -> new MomentoError(INVALID_ARGUMENT, e.getMessage(), null);
      };
      case INVALID_ARGUMENT -> new MomentoError(INVALID_ARGUMENT, e.getMessage(), null);
      case UNAVAILABLE -> new MomentoError(UNAVAILABLE, e.getMessage(), null);
      case INTERNAL -> new MomentoError(INTERNAL, e.getMessage(), null);
    };
  }

  /** The answer to a Momento method Cirrus does not serve ({@code fullName}, e.g. "cache_client.Scs/DictionaryGet"). */
  public static MomentoError unserved(String fullName) {
    String what = fullName.startsWith("cache_client.pubsub.")
        ? "topics (publish/subscribe)"
        : fullName.startsWith("cache_client.Scs/")
            ? "collections (dictionaries, sets, lists, sorted sets)"
            : "this part of Momento's API";
    return new MomentoError(UNIMPLEMENTED, "Cirrus does not serve " + fullName + ": it serves"
        + " Momento's scalar cache API (get, set, delete, batches, conditional sets, increment,"
        + " TTLs) and cache management, not " + what, null);
  }
}
