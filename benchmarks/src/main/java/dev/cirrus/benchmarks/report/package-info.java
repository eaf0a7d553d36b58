/**
 * Turns the driver's result files into {@code docs/benchmarks.md} (figures, Cirrus-to-peer ratios,
 * targets met or missed, machine facts) and the throughput chart, and summarises JFR recordings
 * into the hottest methods per thread group.
 */
package dev.cirrus.benchmarks.report;
