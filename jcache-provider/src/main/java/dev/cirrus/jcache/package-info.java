/**
 * The JCache entry points: {@link dev.cirrus.jcache.CirrusCachingProvider} (found by
 * {@code Caching.getCachingProvider()}) and {@link dev.cirrus.jcache.CirrusCacheManager}, which owns
 * one connection to a Cirrus server and the caches opened through it. The manager's package-private
 * parts: {@code OpenCaches} (its views of the server's caches), {@code ManagerCodec} (the
 * configured codec), {@code CacheConfigurations} (config-file settings merged into a cache's
 * configuration) and {@code RestartRecovery}.
 *
 * <p>The path of {@code cache.get(key)}: {@code internal.cache} (the JCache façade and its
 * collaborators: encoding, near cache, expiry, loader/writer, events, statistics) → {@code
 * internal.client} (channel, token, deadline) → the server. The public API is this package,
 * {@code config}, {@code near}, {@code codec} and {@code management}; {@code internal} is not API.
 */
package dev.cirrus.jcache;
