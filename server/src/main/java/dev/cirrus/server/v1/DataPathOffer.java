package dev.cirrus.server.v1;

import java.time.Duration;

/**
 * What DescribeServer tells clients of the binary data path.
 *
 * @param port the port as bound, 0 while there is none
 * @param tls whether it speaks TLS (as the gRPC port does)
 * @param idleTimeout how long the server keeps a connection that sends no request; clients retire
 *     pooled connections well before, so the server's close never races a request
 * @param sharedConnections whether calls may share a connection: true where the store answers at
 *     once (in memory); where it answers later (Redis), a connection's requests wait for each
 *     other's round trips, so each call is better off with a connection of its own
 */
public record DataPathOffer(int port, boolean tls, Duration idleTimeout,
    boolean sharedConnections) {
  /** No data path. */
  public static final DataPathOffer NONE = new DataPathOffer(0, false, Duration.ZERO, false);
}
