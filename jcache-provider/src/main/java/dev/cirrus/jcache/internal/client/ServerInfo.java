package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;

/**
 * What a server says of itself.
 *
 * @param endpoint the node that answered
 * @param instanceId new at each start of the server, so a changed id means it restarted (and, held
 *     in memory, lost its caches)
 * @param version the server's version
 */
public record ServerInfo(Endpoint endpoint, String instanceId, String version) {}
