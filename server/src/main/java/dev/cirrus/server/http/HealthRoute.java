package dev.cirrus.server.http;

import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}, open to anyone: {@code live} while the process answers at all,
 * {@code ready} while the server takes calls (200), not while it starts or stops (503), so a
 * load balancer or an orchestrator's probe can tell them apart.
 */
public final class HealthRoute implements HttpRoute {
  private final String version;
  private final BooleanSupplier ready;

  public HealthRoute(String version, BooleanSupplier ready) {
    this.version = version;
    this.ready = ready;
  }

  @Override
  public HttpReply handle(HttpCall call) {
    if (!call.method().equals("GET")) {
      throw HttpProblem.methodNotAllowed(call.method(), call.path(), "GET");
    }
    boolean isReady = ready.getAsBoolean();
    return HttpReply.json(isReady ? 200 : 503, Json.object(
        "status", Json.string(isReady ? "UP" : "DOWN"),
        "live", "true",
        "ready", Boolean.toString(isReady),
        "version", Json.string(version)))
        .withHeader("cache-control", "no-store");
  }
}
