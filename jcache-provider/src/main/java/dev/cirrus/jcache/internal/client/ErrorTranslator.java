package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.time.Duration;
import java.util.Locale;
import javax.cache.CacheException;

/**
 * The one place where gRPC failures become {@link CacheException}s. The server's description is
 * already written for users (what went wrong and what to do); this adds what only the client knows:
 * which server it tried, which operation, and how long it waited.
 */
public final class ErrorTranslator {

  private static final Metadata.Key<ErrorDetail> DETAIL_KEY =
      ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  private final Endpoint endpoint;
  private final Duration callTimeout;

  public ErrorTranslator(Endpoint endpoint, Duration callTimeout) {
    this.endpoint = endpoint;
    this.callTimeout = callTimeout;
  }

  /** The reason the server gave, or ERROR_REASON_UNSPECIFIED. */
  static ErrorReason reasonOf(StatusRuntimeException e) {
    Metadata trailers = e.getTrailers();
    if (trailers == null) {
      return ErrorReason.ERROR_REASON_UNSPECIFIED;
    }
    ErrorDetail detail = trailers.get(DETAIL_KEY);
    return detail == null ? ErrorReason.ERROR_REASON_UNSPECIFIED : detail.getReason();
  }

  public CacheException translate(StatusRuntimeException e, String operation) {
    return new CacheException(message(e, operation), e);
  }

  /** The TLS failure behind an UNAVAILABLE, if that is what it was. */
  private static String tlsProblem(Throwable e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        return root.getMessage() == null ? t.getMessage() : root.getMessage();
      }
    }
    return null;
  }

  /**
   * Whether the server accepted the connection and then dropped it, as a TLS server does with a
   * plaintext client. It closes or resets depending on whether the client's later bytes reached it
   * before the close, so both mean the same here.
   */
  private static boolean closedByPeer(Throwable e, String description) {
    if (description.contains("Network closed for unknown reason")) {
      return true;
    }
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      String message = t.getMessage();
      if (t instanceof java.io.IOException && message != null
          && message.contains("Connection reset by peer")) {
        return true;
      }
    }
    return false;
  }

  /** What to do about a failed handshake: a certificate for another host, or one not trusted. */
  private String tlsFix(String problem) {
    String lower = problem.toLowerCase(Locale.ROOT);
    if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
      return "The certificate does not name " + endpoint.host() + ": connect with a host name it"
          + " carries, or give the server a certificate whose subject alternative names include "
          + endpoint.host();
    }
    return "Trust the server's certificate with cirrus.tls.trust-cert (a PEM file) or the JVM's"
        + " trust store";
  }

  String message(StatusRuntimeException e, String operation) {
    Status status = e.getStatus();
    String description = status.getDescription() == null ? "" : status.getDescription();
    switch (status.getCode()) {
      case UNAVAILABLE:
        if (reasonOf(e) == ErrorReason.SHUTTING_DOWN) {
          return "Cirrus server at " + endpoint + " is shutting down (" + operation
              + "); retry once it is back";
        }
        String tls = tlsProblem(e);
        if (tls != null) {
          return "TLS handshake with the Cirrus server at " + endpoint + " failed (" + operation
              + "): " + tls + ". " + tlsFix(tls);
        }
        if (!endpoint.tls() && closedByPeer(e, description)) {
          return "Cirrus server at " + endpoint + " closed the connection (" + operation + "); if"
              + " it serves TLS, use " + new Endpoint(endpoint.host(), endpoint.port(), true);
        }
        return "Cirrus server unreachable at " + endpoint + " (" + operation + "): " + description
            + ". Start it with `java -jar server/target/cirrus-server.jar` or point cirrus.uri at"
            + " a running server";
      case DEADLINE_EXCEEDED:
        return "Cirrus server at " + endpoint + " did not answer " + operation + " within "
            + callTimeout.toMillis() + " ms; check that the server is healthy, or raise"
            + " cirrus.call-timeout";
      case UNAUTHENTICATED:
        return "Cirrus server at " + endpoint + " refused the token (" + operation + "): "
            + description;
      case PERMISSION_DENIED:
        return "Cirrus server at " + endpoint + " denied " + operation + ": " + description;
      case CANCELLED:
        return "Cirrus call " + operation + " to " + endpoint + " was cancelled: " + description;
      case INTERNAL:
      case UNKNOWN:
        return "Cirrus server at " + endpoint + " failed " + operation + ": "
            + (description.isEmpty() ? status.getCode().toString() : description);
      default:
        return description.isEmpty()
            ? "Cirrus " + operation + " failed with " + status.getCode() + " at " + endpoint
            : description;
    }
  }
}
