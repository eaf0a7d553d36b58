package dev.cirrus.server.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.error.Limit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status code and reason cirrus.v1 clients have always seen for each domain error. */
class V1ErrorsTest {
  @Test
  void eachLimitKeepsItsStatusAndReason() {
    assertMapped(StatusCodes.INVALID_ARGUMENT, ErrorReason.KEY_TOO_LARGE, limit(Limit.KEY_SIZE));
    assertMapped(StatusCodes.INVALID_ARGUMENT, ErrorReason.VALUE_TOO_LARGE, limit(Limit.VALUE_SIZE));
    assertMapped(StatusCodes.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST, limit(Limit.CONFIG_SIZE));
    assertMapped(StatusCodes.INVALID_ARGUMENT, ErrorReason.BATCH_TOO_LARGE, limit(Limit.BATCH_SIZE));
    assertMapped(StatusCodes.INVALID_ARGUMENT, ErrorReason.TTL_OUT_OF_RANGE, limit(Limit.TTL_RANGE));
    assertMapped(StatusCodes.RESOURCE_EXHAUSTED, ErrorReason.TOO_MANY_CACHES,
        limit(Limit.CACHES_PER_ACCOUNT));
    assertMapped(StatusCodes.RESOURCE_EXHAUSTED, ErrorReason.ERROR_REASON_UNSPECIFIED,
        limit(Limit.SUBSCRIBER_QUEUE));
  }

  @Test
  void theOtherCodesAndCauses() {
    assertMapped(StatusCodes.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND,
        CirrusException.cacheNotFound("m", Map.of()));
    assertMapped(StatusCodes.ALREADY_EXISTS, ErrorReason.CACHE_ALREADY_EXISTS,
        CirrusException.cacheAlreadyExists("m", Map.of()));
    assertMapped(StatusCodes.UNAUTHENTICATED, ErrorReason.TOKEN_MISSING,
        CirrusException.unauthenticated(ErrorCause.TOKEN_MISSING, "m"));
    assertMapped(StatusCodes.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
        CirrusException.unauthenticated(ErrorCause.TOKEN_INVALID, "m"));
    assertMapped(StatusCodes.UNAUTHENTICATED, ErrorReason.TOKEN_EXPIRED,
        CirrusException.unauthenticated(ErrorCause.TOKEN_EXPIRED, "m"));
    assertMapped(StatusCodes.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
        CirrusException.permissionDenied("m", Map.of()));
    assertMapped(StatusCodes.INVALID_ARGUMENT, ErrorReason.INVALID_CACHE_NAME,
        CirrusException.invalidArgument(ErrorCause.INVALID_CACHE_NAME, "m", Map.of()));
    assertMapped(StatusCodes.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST,
        CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST, "m", Map.of()));
    assertMapped(StatusCodes.UNAVAILABLE, ErrorReason.SHUTTING_DOWN,
        CirrusException.shuttingDown("m"));
    assertMapped(StatusCodes.INTERNAL, ErrorReason.INTERNAL_ERROR, CirrusException.internal("m"));
  }

  @Test
  void messageAndFactsReachTheDetail() {
    V1Error error = V1Errors.of(CirrusException.limitExceeded(
        Limit.KEY_SIZE, "key too large", Map.of("limit", "10", "actual", "11")));
    assertEquals("key too large", error.description());
    assertEquals("key too large", error.detail().getMessage());
    assertEquals(Map.of("limit", "10", "actual", "11"), error.detail().getFactsMap());
  }

  @Test
  void anythingElseIsAnInternalErrorThatTellsNothing() {
    V1Error error = V1Errors.of(new IllegalStateException("secret"));
    assertEquals(StatusCodes.INTERNAL, error.statusCode());
    assertEquals(ErrorReason.INTERNAL_ERROR, error.detail().getReason());
    assertEquals("internal server error; the server log has the details, retry or report it",
        error.description());
  }

  private static CirrusException limit(Limit limit) {
    return CirrusException.limitExceeded(limit, "m", Map.of());
  }

  private static void assertMapped(int status, ErrorReason reason, CirrusException e) {
    V1Error error = V1Errors.of(e);
    assertEquals(status, error.statusCode(), e.code() + " status");
    assertEquals(reason, error.detail().getReason(), e.code() + " reason");
  }
}
