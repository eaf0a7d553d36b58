package dev.cirrus.jcache.internal.client;

/**
 * What the server says of itself.
 *
 * @param instanceId new at each start of the server, so a changed id means it restarted (and, held
 *     in memory, lost its caches)
 * @param version the server's version
 */
public record ServerInfo(String instanceId, String version) {}
