/**
 * The metrics over the HTTP door: {@code GET /metrics} (Prometheus text), {@code GET /console}
 * (a page from the jar, hand-drawn SVG charts, no script from anywhere else) and {@code GET
 * /console/api/stats} (the JSON the page reads). {@link dev.cirrus.server.metrics.web.OperatorGate}
 * lets in tokens with the operator permission, or everyone with {@code --metrics-public}.
 */
package dev.cirrus.server.metrics.web;
