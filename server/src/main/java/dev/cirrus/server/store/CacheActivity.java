package dev.cirrus.server.store;

/**
 * What one cache holds and has been through since it was created, for monitoring: read when
 * asked (a scrape, a console refresh), never kept up to date on the request path beyond the
 * counters the store keeps anyway.
 *
 * @param entries entries stored now
 * @param bytes what those entries weigh (keys, values and bookkeeping)
 * @param evictions entries evicted for the memory budget
 * @param expirations entries removed because their time to live ran out (found on access, or
 *     swept)
 * @param subscribers change streams open on the cache now
 * @param eventsSent change events handed to subscribers' streams
 * @param eventsDropped change events never sent because their subscriber's stream ended first
 *     (it fell too far behind, its token ended, or the client went away)
 */
public record CacheActivity(long entries, long bytes, long evictions, long expirations,
    int subscribers, long eventsSent, long eventsDropped) {}
