/**
 * The cirrus.v1 protocol over the core, for every door that speaks it (gRPC, the data path):
 * {@link dev.cirrus.server.v1.V1Handlers}, one transport-neutral handler per method ({@code
 * (Caller, request message) -> response message}) mapping cirrus.v1 messages to store calls
 * ({@link dev.cirrus.server.v1.DataMapping}, {@link dev.cirrus.server.v1.ChangeEvents}), and
 * {@link dev.cirrus.server.v1.V1Errors}, the one mapping of domain errors to a status code number,
 * an {@code ErrorReason} and an {@code ErrorDetail}. No gRPC here: status codes are gRPC's
 * published numbers ({@link dev.cirrus.server.v1.StatusCodes}). Another protocol (Momento, HTTP)
 * would sit beside this package with its own handlers and error mapping.
 */
package dev.cirrus.server.v1;
