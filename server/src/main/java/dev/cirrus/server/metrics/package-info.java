/**
 * What the server records about itself, through Micrometer: a {@link
 * dev.cirrus.server.metrics.MeteredCacheStore} around the store counts every call per account and
 * cache (method, outcome, latency, bytes) under a capped set of labels ({@link
 * dev.cirrus.server.metrics.LabelBudget}), and {@link dev.cirrus.server.metrics.ServerMetrics}
 * adds what the stores hold, connections per transport and the JVM; {@link
 * dev.cirrus.server.metrics.Refusals} counts what the doors refused before any cache saw it.
 * {@code web} serves them over the HTTP door: {@code /metrics} in Prometheus text, and a console
 * with live charts.
 */
package dev.cirrus.server.metrics;
