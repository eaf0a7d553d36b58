package dev.cirrus.server.error;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A refusal the client should see, in the core's terms: its {@link ErrorCode}, the finer {@link
 * ErrorCause}, the {@link Limit} when a limit was exceeded, a message that is safe to show a user
 * (it says what went wrong and what to do), and facts such as the limit and the actual value.
 * Nothing here knows a protocol: each front door maps these once. Build instances with the static
 * factories.
 */
public final class CirrusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final ErrorCause cause;
  private final Limit limit;
  private final transient Map<String, String> facts;

  private CirrusException(ErrorCode code, ErrorCause cause, Limit limit, String message,
      Map<String, String> facts) {
    // No stack trace: these are expected refusals on the data path, not bugs.
    super(requireNonNull(message, "message"), null, false, false);
    this.code = requireNonNull(code, "code");
    this.cause = requireNonNull(cause, "cause");
    this.limit = limit;
    this.facts = Map.copyOf(requireNonNull(facts, "facts"));
  }

  /** @param cause one of the TOKEN_ causes */
  public static CirrusException unauthenticated(ErrorCause cause, String message) {
    return new CirrusException(ErrorCode.UNAUTHENTICATED, cause, null, message, Map.of());
  }

  public static CirrusException permissionDenied(String message, Map<String, String> facts) {
    return new CirrusException(ErrorCode.PERMISSION_DENIED, ErrorCause.NONE, null, message, facts);
  }

  public static CirrusException cacheNotFound(String message, Map<String, String> facts) {
    return new CirrusException(ErrorCode.CACHE_NOT_FOUND, ErrorCause.NONE, null, message, facts);
  }

  public static CirrusException cacheAlreadyExists(String message, Map<String, String> facts) {
    return new CirrusException(ErrorCode.CACHE_ALREADY_EXISTS, ErrorCause.NONE, null, message, facts);
  }

  /** @param cause {@link ErrorCause#INVALID_CACHE_NAME} or {@link ErrorCause#INVALID_REQUEST} */
  public static CirrusException invalidArgument(
      ErrorCause cause, String message, Map<String, String> facts) {
    return new CirrusException(ErrorCode.INVALID_ARGUMENT, cause, null, message, facts);
  }

  public static CirrusException limitExceeded(Limit limit, String message, Map<String, String> facts) {
    return new CirrusException(ErrorCode.LIMIT_EXCEEDED, ErrorCause.NONE,
        requireNonNull(limit, "limit"), message, facts);
  }

  public static CirrusException shuttingDown(String message) {
    return new CirrusException(ErrorCode.UNAVAILABLE, ErrorCause.SHUTTING_DOWN, null, message, Map.of());
  }

  /** The server cannot serve this call now, for a reason other than shutting down; a retry may. */
  public static CirrusException unavailable(String message) {
    return new CirrusException(ErrorCode.UNAVAILABLE, ErrorCause.NONE, null, message, Map.of());
  }

  public static CirrusException internal(String message) {
    return new CirrusException(ErrorCode.INTERNAL, ErrorCause.NONE, null, message, Map.of());
  }

  public ErrorCode code() {
    return code;
  }

  /** The finer reason; {@link ErrorCause#NONE} when the code says it all. */
  public ErrorCause errorCause() {
    return cause;
  }

  /** The limit exceeded; null unless the code is {@link ErrorCode#LIMIT_EXCEEDED}. */
  public Limit limit() {
    return limit;
  }

  public Map<String, String> facts() {
    return facts;
  }
}
