/**
 * The server's lifecycle and configuration: {@link dev.cirrus.server.CirrusServices} wires auth,
 * limits, the control and data planes, the store and the change feed into gRPC services and owns
 * their executors; {@link dev.cirrus.server.CirrusServer} serves them over TCP, plaintext or TLS;
 * {@link dev.cirrus.server.ServerConfig} is everything it needs to start.
 */
package dev.cirrus.server;
