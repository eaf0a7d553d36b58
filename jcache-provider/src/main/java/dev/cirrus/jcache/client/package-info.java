/**
 * The wire side of the provider: one gRPC channel per CacheManager, the bearer token and client id
 * on every call, a deadline on every call, retries for idempotent reads, and the single place where
 * gRPC failures become {@link javax.cache.CacheException}s.
 */
package dev.cirrus.jcache.client;
