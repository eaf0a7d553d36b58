/**
 * The peer processes the benchmark script starts on loopback besides the Cirrus server: a
 * Hazelcast member, a bare gRPC unary echo server and a plain blocking TCP echo server (the
 * transport floors). Each prints one {@code READY} line once it accepts connections.
 */
package dev.cirrus.benchmarks.servers;
