/**
 * Connections from the data path's event loops to Redis, for the Redis store's plain reads: a
 * loop that took a read writes its MGET to the key's master and reads the answer itself, so the
 * read crosses no thread. The store sees no Netty type: it asks {@link
 * dev.cirrus.server.netty.redis.LoopConnections} for an MGET, which answers null off a loop.
 */
package dev.cirrus.server.netty.redis;
