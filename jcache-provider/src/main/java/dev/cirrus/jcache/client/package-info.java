/**
 * The wire side of the provider: the gRPC channels of a CacheManager, the bearer token and client
 * id on every call, a deadline on every call, retries for idempotent reads, the binary data path
 * for data calls when the server offers one ({@link dev.cirrus.jcache.client.DataPaths}), and the
 * single place where failures of either transport become {@link javax.cache.CacheException}s.
 */
package dev.cirrus.jcache.client;
