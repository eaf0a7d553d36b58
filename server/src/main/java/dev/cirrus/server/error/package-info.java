/**
 * Domain errors and their single translation to gRPC: every refusal is a {@link
 * dev.cirrus.server.error.CirrusException} carrying an {@code ErrorReason}, a safe actionable
 * message and facts; {@link dev.cirrus.server.error.StatusMapper} turns it into a {@code Status}
 * plus the {@code ErrorDetail} trailer, and {@link dev.cirrus.server.error.MalformedRequests} does
 * the same for requests that are not valid messages at all. Nothing internal (stack traces,
 * exception messages of libraries) reaches a client.
 */
package dev.cirrus.server.error;
