/**
 * Cache entry listeners. Events of this client's own operations are built from the server's
 * answers and fired before the operation returns (synchronous listeners) or in order on a serial
 * executor (asynchronous ones); events of other clients' operations and of server-side expiry
 * arrive over the cache's change stream. Each event reaches each listener once: the stream's events
 * carrying this client's id are skipped, because they were already fired locally.
 */
package dev.cirrus.jcache.internal.event;
