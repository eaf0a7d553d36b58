/**
 * The binary data path, a front door beside gRPC: the DataPlane's unary calls over TCP (in TLS
 * when the server has TLS), for the latency of a blocking socket round trip instead of an HTTP/2
 * call's. A connection authenticates once with a hello frame (the core {@code Authenticator}),
 * then carries one request and its answer at a time; each request is the method's {@code
 * cirrus.v1} protobuf message, dispatched by its method number to the same {@code V1Handlers} a
 * gRPC call runs, so limits, errors and semantics are the gRPC path's. No gRPC here. See {@link
 * dev.cirrus.wire.Frames} for the wire format.
 */
package dev.cirrus.server.fastpath;
