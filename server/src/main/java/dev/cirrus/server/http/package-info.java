/**
 * The HTTP door: one Netty listener ({@link HttpListener}, bounded by {@link HttpOptions}) and a
 * {@link Router} that other parts of the server add routes to. A route sees an {@link HttpCall}
 * (method, path, query, headers, and a body whose declared {@code Content-Length} was checked
 * against the route's limit before a byte of it was read) and answers an {@link HttpReply};
 * refusals are {@link HttpProblem}s, sent as an HTTP status with a JSON body naming the problem.
 * {@code GET /health} ({@link HealthRoute}) is always there; unknown paths get 404 in JSON.
 * No gRPC and no cirrus.v1 here.
 */
package dev.cirrus.server.http;
