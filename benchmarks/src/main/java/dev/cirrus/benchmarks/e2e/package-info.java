/**
 * The end-to-end driver: the same workloads through the plain {@code javax.cache} API against
 * Cirrus and its peers (Redisson on Redis, the Hazelcast client, Caffeine's JCache in-process), and
 * the same payloads through a bare gRPC echo and a plain TCP echo (the transport floors). One
 * driver JVM measures one target and writes its figures to a file; {@code report} turns the files
 * into {@code docs/benchmarks.md}.
 */
package dev.cirrus.benchmarks.e2e;
