package dev.cirrus.server.error;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.ErrorReason;
import io.grpc.Status;
import java.util.Map;

/**
 * A refusal the client should see: the status code, the machine-readable reason, a message that
 * is safe to show a user (it says what went wrong and what to do), and facts such as the limit and
 * the actual value. Build instances with the static factories, one per status code.
 */
public final class CirrusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final ErrorReason reason;
  private final transient Map<String, String> facts;

  private CirrusException(
      Status.Code code, ErrorReason reason, String message, Map<String, String> facts) {
    // No stack trace: these are expected refusals on the data path, not bugs.
    super(requireNonNull(message, "message"), null, false, false);
    this.code = requireNonNull(code, "code");
    this.reason = requireNonNull(reason, "reason");
    this.facts = Map.copyOf(requireNonNull(facts, "facts"));
  }

  public static CirrusException unauthenticated(ErrorReason reason, String message) {
    return new CirrusException(Status.Code.UNAUTHENTICATED, reason, message, Map.of());
  }

  public static CirrusException permissionDenied(String message, Map<String, String> facts) {
    return new CirrusException(
        Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED, message, facts);
  }

  public static CirrusException notFound(
      ErrorReason reason, String message, Map<String, String> facts) {
    return new CirrusException(Status.Code.NOT_FOUND, reason, message, facts);
  }

  public static CirrusException alreadyExists(
      ErrorReason reason, String message, Map<String, String> facts) {
    return new CirrusException(Status.Code.ALREADY_EXISTS, reason, message, facts);
  }

  public static CirrusException invalidArgument(
      ErrorReason reason, String message, Map<String, String> facts) {
    return new CirrusException(Status.Code.INVALID_ARGUMENT, reason, message, facts);
  }

  public static CirrusException resourceExhausted(
      ErrorReason reason, String message, Map<String, String> facts) {
    return new CirrusException(Status.Code.RESOURCE_EXHAUSTED, reason, message, facts);
  }

  public static CirrusException unavailable(ErrorReason reason, String message) {
    return new CirrusException(Status.Code.UNAVAILABLE, reason, message, Map.of());
  }

  public static CirrusException internal(String message) {
    return new CirrusException(
        Status.Code.INTERNAL, ErrorReason.INTERNAL_ERROR, message, Map.of());
  }

  public Status.Code code() {
    return code;
  }

  public ErrorReason reason() {
    return reason;
  }

  public Map<String, String> facts() {
    return facts;
  }
}
