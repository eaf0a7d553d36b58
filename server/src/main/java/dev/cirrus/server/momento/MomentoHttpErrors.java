package dev.cirrus.server.momento;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.http.HttpProblem;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one mapping of domain errors to Momento's HTTP API: the statuses its documentation names
 * (404 for a missing cache, 401 for a bad or expired token, 403 for a missing permission, 400 for
 * a request to fix, 429 for an account limit) with a JSON body whose {@code error} names the
 * problem and whose {@code message} says what to do.
 */
final class MomentoHttpErrors {
  private static final Logger LOG = Logger.getLogger(MomentoHttpErrors.class.getName());

  private MomentoHttpErrors() {}

  static HttpProblem of(RuntimeException failure) {
    if (failure instanceof HttpProblem problem) {
      return problem;
    }
    if (!(failure instanceof CirrusException e)) {
      LOG.log(Level.WARNING, "event=internal_error door=momento-http type="
          + failure.getClass().getName(), failure);
      return new HttpProblem(500, "internal_error",
          "internal server error; the server log has the details, retry or report it", failure);
    }
    return switch (e.code()) {
      case CACHE_NOT_FOUND ->
          new HttpProblem(404, "cache_not_found", "Cache Not Found: " + e.getMessage(), e);
      case CACHE_ALREADY_EXISTS -> new HttpProblem(409, "cache_already_exists", e.getMessage(), e);
      case UNAUTHENTICATED -> new HttpProblem(401, "unauthenticated", e.getMessage(), e);
      case PERMISSION_DENIED -> new HttpProblem(403, "permission_denied", e.getMessage(), e);
      case LIMIT_EXCEEDED -> switch (e.limit()) {
        case KEY_SIZE, VALUE_SIZE, BATCH_SIZE, RESPONSE_SIZE, TTL_RANGE, CONFIG_SIZE ->
            new HttpProblem(400, "limit_exceeded", e.getMessage(), e);
        case CACHES_PER_ACCOUNT, SUBSCRIBER_QUEUE, STREAMS_PER_ACCOUNT, STREAMS_PER_CONNECTION,
            REQUEST_RATE, QUEUED_CALLS -> new HttpProblem(429, "limit_exceeded", e.getMessage(), e);
      };
      case INVALID_ARGUMENT -> new HttpProblem(400, "bad_request", e.getMessage(), e);
      case UNAVAILABLE -> new HttpProblem(503, "unavailable", e.getMessage(), e);
      case INTERNAL -> new HttpProblem(500, "internal_error", e.getMessage(), e);
    };
  }
}
