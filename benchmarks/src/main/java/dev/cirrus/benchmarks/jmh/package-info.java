/**
 * JMH benchmarks of the client's hot paths inside one JVM: the codec, building and serialising
 * the protobuf requests of a get and a put, the per-call stub with a deadline, and near-cache hits
 * against Caffeine's JCache. Run with {@code benchmarks/run.sh --jmh-only}.
 */
package dev.cirrus.benchmarks.jmh;
