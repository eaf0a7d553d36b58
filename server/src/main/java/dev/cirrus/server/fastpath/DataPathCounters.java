package dev.cirrus.server.fastpath;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link DataPathStats}, shared by a listener's connections. LongAdders, so
 * the per-request count costs event loops on different cores no shared cache line.
 */
final class DataPathCounters {
  final LongAdder accepted = new LongAdder();
  final LongAdder tlsHandshakes = new LongAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder idleClosed = new LongAdder();
  final LongAdder stalledClosed = new LongAdder();
  final LongAdder refusedConnections = new LongAdder();
  final LongAdder refusedFrames = new LongAdder();

  DataPathStats snapshot(boolean tls, int openConnections, int unauthenticated,
      long bytesInFlight) {
    return new DataPathStats(tls, openConnections, accepted.sum(), tlsHandshakes.sum(),
        requests.sum(), idleClosed.sum(), stalledClosed.sum(), unauthenticated,
        refusedConnections.sum(), refusedFrames.sum(), bytesInFlight);
  }
}
