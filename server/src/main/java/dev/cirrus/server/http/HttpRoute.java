package dev.cirrus.server.http;

/**
 * What answers the requests of one path (or path prefix). Runs on the listener's event loop, so
 * it must not block: it answers from memory, or from a store call that never waits on I/O.
 */
@FunctionalInterface
public interface HttpRoute {
  /**
   * @throws HttpProblem to refuse with a status and a JSON body naming the problem
   */
  HttpReply handle(HttpCall call);
}
