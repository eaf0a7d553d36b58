package dev.cirrus.server.v1;

import java.time.Duration;

/**
 * What DescribeServer tells clients of the binary data path.
 *
 * @param port the port as bound, 0 while there is none
 * @param tls whether it speaks TLS (as the gRPC port does)
 * @param idleTimeout how long the server keeps a connection that sends no request; clients retire
 *     pooled connections well before, so the server's close never races a request
 */
public record DataPathOffer(int port, boolean tls, Duration idleTimeout) {
  /** No data path. */
  public static final DataPathOffer NONE = new DataPathOffer(0, false, Duration.ZERO);
}
