package dev.cirrus.server.metrics.web;

import dev.cirrus.server.http.HttpCall;
import dev.cirrus.server.http.HttpProblem;
import dev.cirrus.server.http.HttpReply;
import dev.cirrus.server.http.HttpRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One file of the console, read from the jar once: the page itself holds no figures (it fetches
 * them from {@code /console/api/stats} with the operator token it is given), so it is served to
 * anyone. The policy header keeps the page to its own scripts and connections.
 */
public final class ConsoleRoute implements HttpRoute {
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none';"
      + " frame-ancestors 'none'";

  private final String contentType;
  private final byte[] body;

  private ConsoleRoute(String contentType, byte[] body) {
    this.contentType = contentType;
    this.body = body;
  }

  /** Serves the resource {@code name} next to this class as {@code contentType}. */
  public static ConsoleRoute of(String name, String contentType) {
    try (InputStream in = ConsoleRoute.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the console file " + name + " is missing from the jar");
      }
      return new ConsoleRoute(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console file " + name, e);
    }
  }

  @Override
  public HttpReply handle(HttpCall call) {
    if (!call.method().equals("GET")) {
      throw HttpProblem.methodNotAllowed(call.method(), call.path(), "GET");
    }
    return HttpReply.of(200, contentType, body)
        .withHeader("content-security-policy", POLICY)
        .withHeader("cache-control", "no-cache");
  }
}
