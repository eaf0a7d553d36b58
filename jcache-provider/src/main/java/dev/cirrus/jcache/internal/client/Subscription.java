package dev.cirrus.jcache.internal.client;

/**
 * What a change stream asks for.
 *
 * @param includeValues whether entry changes carry their values (listeners need them; a near
 *     cache needs only keys and versions)
 * @param heartbeatMillis how often, at least, the server says it is alive when nothing changes, so
 *     a quiet stream can be told from a broken one; 0 for no heartbeats
 */
public record Subscription(String cache, boolean includeValues, long heartbeatMillis) {}
