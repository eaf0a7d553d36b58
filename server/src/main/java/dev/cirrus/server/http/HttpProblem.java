package dev.cirrus.server.http;

/**
 * A refusal a route (or the listener) answers with: an HTTP status and a JSON body
 * {@code {"error": CODE, "message": MESSAGE}}, the message saying what is wrong and how to fix it.
 */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final String code;

  /**
   * @param code a stable, machine-readable name of the problem, e.g. {@code not_found}
   * @param message for the user: what went wrong and what to do
   */
  public HttpProblem(int status, String code, String message) {
    this(status, code, message, null);
  }

  /** @param cause the failure this answers, if any: what counts the refusal reads its reason there */
  public HttpProblem(int status, String code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The reply that carries this problem. */
  public HttpReply reply() {
    HttpReply reply = HttpReply.json(status, Json.object(
        "error", Json.string(code), "message", Json.string(getMessage())));
    return status == 401 ? reply.withHeader("www-authenticate", "Bearer") : reply;
  }

  public static HttpProblem notFound(String path) {
    return new HttpProblem(404, "not_found", "nothing is served at " + path
        + "; this server serves /health, Momento's HTTP cache API at /cache/{cacheName}, and"
        + " /metrics, /console when enabled");
  }

  public static HttpProblem methodNotAllowed(String method, String path, String allowed) {
    return new HttpProblem(405, "method_not_allowed",
        method + " is not served at " + path + "; use " + allowed);
  }
}
