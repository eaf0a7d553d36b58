/**
 * The server's lifecycle and configuration: {@link dev.cirrus.server.CirrusServer} wires auth,
 * limits, the control and data planes, the store and the change feed onto a gRPC server and owns
 * their executors; {@link dev.cirrus.server.ServerConfig} is everything it needs to start.
 */
package dev.cirrus.server;
