package dev.cirrus.server.http;

import java.util.concurrent.Executor;

/**
 * What answers the requests of one path (or path prefix). Runs on the listener's event loop,
 * which serves many connections, unless {@link #offload} says otherwise: a route that answers from
 * memory runs there, a route whose calls wait (a store across the network) names a worker.
 */
@FunctionalInterface
public interface HttpRoute {
  /**
   * @throws HttpProblem to refuse with a status and a JSON body naming the problem
   */
  HttpReply handle(HttpCall call);

  /**
   * Where {@link #handle} runs for {@code call}: null (the default) on the event loop; else on
   * the worker named, the connection reading nothing more until the answer is sent.
   *
   * @throws HttpProblem to refuse the call at once (no room for it on the workers)
   */
  default Offload offload(HttpCall call) {
    return null;
  }

  /** The worker one call runs on, and what frees its place there once the call has run. */
  record Offload(Executor executor, Runnable release) {}
}
