/**
 * The binary data path: the DataPlane's unary calls over TCP (in TLS when the server has TLS),
 * beside gRPC, for the latency of a blocking socket round trip instead of an HTTP/2 call's. A
 * connection authenticates once with a hello frame, then carries one request and its answer at a
 * time; each request is the method's {@code cirrus.v1} protobuf message and runs through the same
 * {@code DataPlaneService} as a gRPC call, so limits, errors and semantics are the gRPC path's. See
 * {@link dev.cirrus.wire.Frames} for the wire format.
 */
package dev.cirrus.server.fastpath;
