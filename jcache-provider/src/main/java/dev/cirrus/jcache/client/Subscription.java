package dev.cirrus.jcache.client;

/**
 * What a change stream asks for.
 *
 * @param includeValues whether entry changes carry their values (listeners need them; a near
 *     cache needs only keys and versions)
 * @param heartbeatMillis how often the server says it is alive when nothing changes; 0 for its
 *     default
 */
public record Subscription(String cache, boolean includeValues, long heartbeatMillis) {}
