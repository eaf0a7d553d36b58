package dev.cirrus.server.metrics.web;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.http.HttpProblem;
import dev.cirrus.server.http.Router;
import dev.cirrus.server.metrics.Refusals;

/**
 * Counts the HTTP door's refusals in the server's {@link Refusals}, under their HTTP status: those
 * of Momento's cache API (paths under {@code cachePrefix}) as {@code momento-http}, the rest
 * (unknown paths, unreadable requests, the figures' operator gate) as {@code http}. A refusal that
 * answers a failure takes its reason from it (and is skipped when a cache's meters counted it);
 * one of the door's own, from its status. A connection over the listener's bound counts as
 * {@code http}, 503, {@code connections}.
 */
public final class HttpRefusals implements Router.RefusalListener {
  private final Refusals refusals;
  private final String cachePrefix;

  public HttpRefusals(Refusals refusals, String cachePrefix) {
    this.refusals = requireNonNull(refusals, "refusals");
    this.cachePrefix = requireNonNull(cachePrefix, "cachePrefix");
  }

  @Override
  public void refused(String path, HttpProblem problem) {
    Refusals.Door door = path != null && path.startsWith(cachePrefix)
        ? Refusals.Door.MOMENTO_HTTP : Refusals.Door.HTTP;
    String status = Integer.toString(problem.status());
    if (problem.getCause() != null) {
      refusals.failed(door, problem.getCause(), status);
    } else {
      refusals.refused(door, status, Refusals.Reason.ofHttpStatus(problem.status()));
    }
  }

  @Override
  public void refusedConnection() {
    refusals.refused(Refusals.Door.HTTP, "503", Refusals.Reason.CONNECTIONS);
  }
}
