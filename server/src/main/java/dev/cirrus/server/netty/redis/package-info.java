/**
 * Connections from the data path's event loops to Redis, for the Redis store's calls made on
 * those loops: a loop that took a call writes its command (an MGET, a script) to the key's master
 * and reads the answer itself, so the call crosses no thread. The store sees no Netty type: it
 * hands {@link dev.cirrus.server.netty.redis.LoopConnections} a command as byte arrays and gets
 * Redis's answer, or null off a loop.
 */
package dev.cirrus.server.netty.redis;
