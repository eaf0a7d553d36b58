package dev.cirrus.server.v1;

import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one mapping of domain errors to cirrus.v1: a {@link CirrusException}'s code, cause and limit
 * become a gRPC status code and an {@link ErrorReason}, its message the description and the {@link
 * ErrorDetail}'s message, its facts the detail's facts. Anything else is a bug on our side and is
 * reported as INTERNAL with a generic message (the cause goes to the server log, never to the
 * client). The gRPC adapter and the data path both answer through here.
 */
public final class V1Errors {
  private static final Logger LOG = Logger.getLogger(V1Errors.class.getName());

  private V1Errors() {}

  /** How cirrus.v1 reports {@code failure}. */
  public static V1Error of(Throwable failure) {
    if (failure instanceof CirrusException e) {
      return of(e);
    }
    LOG.log(Level.WARNING, "event=internal_error type=" + failure.getClass().getName(), failure);
    return of(CirrusException.internal(
        "internal server error; the server log has the details, retry or report it"));
  }

  public static V1Error of(CirrusException e) {
    ErrorDetail detail = ErrorDetail.newBuilder()
        .setReason(reason(e))
        .setMessage(e.getMessage())
        .putAllFacts(e.facts())
        .build();
    return new V1Error(statusCode(e), e.getMessage(), detail);
  }

  /** The refusal of a request whose bytes are not a valid message of {@code method}'s request type. */
  public static CirrusException malformed(String method) {
    return CirrusException.invalidArgument(
        ErrorCause.INVALID_REQUEST,
        "the request to " + method + " is not a valid cirrus.v1 message (malformed protocol"
            + " buffer); send requests built from the cirrus.v1 protocol, as the Cirrus JCache"
            + " provider does",
        Map.of("method", method));
  }

  private static int statusCode(CirrusException e) {
    return switch (e.code()) {
      case CACHE_NOT_FOUND -> StatusCodes.NOT_FOUND;
      case CACHE_ALREADY_EXISTS -> StatusCodes.ALREADY_EXISTS;
      case UNAUTHENTICATED -> StatusCodes.UNAUTHENTICATED;
      case PERMISSION_DENIED -> StatusCodes.PERMISSION_DENIED;
      // A request over a per-request limit is refused as sent; an account or a stream that has
      // used up its share is out of a resource.
      case LIMIT_EXCEEDED -> switch (e.limit()) {
        case KEY_SIZE, VALUE_SIZE, CONFIG_SIZE, BATCH_SIZE, RESPONSE_SIZE, TTL_RANGE ->
            StatusCodes.INVALID_ARGUMENT;
        case CACHES_PER_ACCOUNT, SUBSCRIBER_QUEUE, STREAMS_PER_ACCOUNT, STREAMS_PER_CONNECTION,
            REQUEST_RATE, QUEUED_CALLS -> StatusCodes.RESOURCE_EXHAUSTED;
      };
      case INVALID_ARGUMENT -> StatusCodes.INVALID_ARGUMENT;
      case UNAVAILABLE -> StatusCodes.UNAVAILABLE;
      case INTERNAL -> StatusCodes.INTERNAL;
    };
  }

  private static ErrorReason reason(CirrusException e) {
    return switch (e.code()) {
      case CACHE_NOT_FOUND -> ErrorReason.CACHE_NOT_FOUND;
      case CACHE_ALREADY_EXISTS -> ErrorReason.CACHE_ALREADY_EXISTS;
      case PERMISSION_DENIED -> ErrorReason.PERMISSION_DENIED;
      case LIMIT_EXCEEDED -> switch (e.limit()) {
        case KEY_SIZE -> ErrorReason.KEY_TOO_LARGE;
        case VALUE_SIZE -> ErrorReason.VALUE_TOO_LARGE;
        // cirrus.v1 has no reason of its own for these; the message and the facts say which.
        case CONFIG_SIZE -> ErrorReason.INVALID_REQUEST;
        case SUBSCRIBER_QUEUE, STREAMS_PER_ACCOUNT, STREAMS_PER_CONNECTION, REQUEST_RATE,
            QUEUED_CALLS -> ErrorReason.ERROR_REASON_UNSPECIFIED;
        // The fix is the same as for too many items: split the batch.
        case BATCH_SIZE, RESPONSE_SIZE -> ErrorReason.BATCH_TOO_LARGE;
        case TTL_RANGE -> ErrorReason.TTL_OUT_OF_RANGE;
        case CACHES_PER_ACCOUNT -> ErrorReason.TOO_MANY_CACHES;
      };
      case INTERNAL -> ErrorReason.INTERNAL_ERROR;
      case UNAUTHENTICATED, INVALID_ARGUMENT, UNAVAILABLE -> reason(e.errorCause());
    };
  }

  private static ErrorReason reason(ErrorCause cause) {
    return switch (cause) {
      case NONE -> ErrorReason.ERROR_REASON_UNSPECIFIED;
      case TOKEN_MISSING -> ErrorReason.TOKEN_MISSING;
      case TOKEN_INVALID -> ErrorReason.TOKEN_INVALID;
      case TOKEN_EXPIRED -> ErrorReason.TOKEN_EXPIRED;
      case INVALID_CACHE_NAME -> ErrorReason.INVALID_CACHE_NAME;
      case INVALID_REQUEST -> ErrorReason.INVALID_REQUEST;
      case SHUTTING_DOWN -> ErrorReason.SHUTTING_DOWN;
    };
  }
}
