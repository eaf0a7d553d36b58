/**
 * Storage of caches and their entries. {@link dev.cirrus.server.store.CacheStore} is the one
 * interface every backend implements; it speaks plain values (records of {@code ByteString} keys
 * and values, TTL specs, conditions) and applies every operation atomically per key, including
 * expiry checks, version assignment and the publication of change events.
 * {@link dev.cirrus.server.store.InMemoryCacheStore} is the default backend, built on Caffeine
 * with a server-wide memory budget.
 */
package dev.cirrus.server.store;
