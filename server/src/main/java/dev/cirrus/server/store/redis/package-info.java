/**
 * The store on Redis Cluster: {@link dev.cirrus.server.store.redis.RedisCacheStore} implements
 * the {@code CacheStore} contract with one server-side script per operation on the shard that
 * owns the key, keeps the registry of caches in Redis (so every node sharing the cluster serves
 * the same caches), and carries change streams between nodes over sharded pub/sub.
 */
package dev.cirrus.server.store.redis;
