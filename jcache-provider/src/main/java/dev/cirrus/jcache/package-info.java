/**
 * The JCache entry points: {@link dev.cirrus.jcache.CirrusCachingProvider} (found by
 * {@code Caching.getCachingProvider()}) and {@link dev.cirrus.jcache.CirrusCacheManager}, which owns
 * one connection to a Cirrus server and the caches opened through it.
 *
 * <p>The path of {@code cache.get(key)}: {@code cache} (the JCache façade and its collaborators:
 * expiry, loader/writer, events, statistics) → {@code codec} (key to bytes) → {@code client}
 * (channel, token, deadline) → the server.
 */
package dev.cirrus.jcache;
