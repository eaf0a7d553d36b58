package dev.cirrus.server.fastpath;

/**
 * What a data path has done since it started, for monitoring and tests.
 *
 * @param tls whether it speaks TLS
 * @param openConnections connections being served now
 * @param acceptedConnections connections accepted and served since the start (not those refused
 *     over the limit)
 * @param tlsHandshakes TLS handshakes completed
 * @param requests requests answered (OK or ERROR)
 * @param idleClosed connections told GOODBYE after the idle timeout
 * @param stalledClosed connections dropped for not finishing a handshake, hello or frame in time
 */
public record DataPathStats(boolean tls, int openConnections, long acceptedConnections,
    long tlsHandshakes, long requests,
    long idleClosed, long stalledClosed) {}
