/**
 * {@code cirrus bench}: a bounded get/set load from a few threads, with a progress line and a
 * latency summary taken from a fixed-size histogram.
 */
package dev.cirrus.cli.bench;
