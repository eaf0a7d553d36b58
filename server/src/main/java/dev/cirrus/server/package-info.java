/**
 * The composition root: {@link dev.cirrus.server.CirrusServices} builds the core (store, limits,
 * change feed, authenticator), the cirrus.v1 handlers over it and both front doors (the gRPC
 * services and the data path's requests), and owns their executors; {@link
 * dev.cirrus.server.CirrusServer} serves them over TCP, plaintext or TLS; {@link
 * dev.cirrus.server.ServerConfig} is everything it needs to start; {@link
 * dev.cirrus.server.EmbeddedServer} starts one in-process for tests (loopback, free ports, a
 * temporary data dir).
 */
package dev.cirrus.server;
