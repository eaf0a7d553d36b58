package dev.cirrus.server.fastpath;

/**
 * What a data path has done since it started, for monitoring and tests.
 *
 * @param tls whether it speaks TLS
 * @param openConnections connections being served now, said hello or not
 * @param acceptedConnections connections accepted and served since the start (not those refused
 *     over the limit)
 * @param tlsHandshakes TLS handshakes completed
 * @param requests requests answered (OK or ERROR)
 * @param idleClosed connections told GOODBYE after the idle timeout
 * @param stalledClosed connections dropped for not finishing a handshake, hello or frame in time
 * @param unauthenticatedConnections open connections that have not said hello yet
 * @param refusedConnections connections refused for want of room ({@link DataPathLimits}): when
 *     accepted, or at their hello
 * @param refusedFrames frames refused for their size: over the request limit, or over what the
 *     connections may hold at once
 * @param bytesInFlight request bytes held now beyond each frame's first bytes, the amount {@link
 *     DataPathLimits#maxBytesInFlight()} bounds
 */
public record DataPathStats(boolean tls, int openConnections, long acceptedConnections,
    long tlsHandshakes, long requests,
    long idleClosed, long stalledClosed, int unauthenticatedConnections, long refusedConnections,
    long refusedFrames, long bytesInFlight) {

  /** The stats of a server without a data path: nothing counted. */
  public static DataPathStats none() {
    return new DataPathStats(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
