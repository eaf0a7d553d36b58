/**
 * The peer processes the benchmark script starts on loopback besides the Cirrus server: a
 * Hazelcast member, a bare gRPC unary echo server, a plain blocking TCP echo server (the
 * transport floor) and the same echo on Netty's epoll event loops, as Cirrus serves its data
 * path. Each prints one {@code READY} line once it accepts connections.
 */
package dev.cirrus.benchmarks.servers;
