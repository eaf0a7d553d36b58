/**
 * The binary data path, a front door beside gRPC: the DataPlane's unary calls over TCP (in TLS
 * when the server has TLS), for the latency of a blocking socket round trip on the client instead
 * of an HTTP/2 call's. A connection authenticates once with a hello frame (the core {@code
 * Authenticator}), then carries one request and its answer at a time; each request is the method's
 * {@code cirrus.v1} protobuf message, dispatched by its method number to the same {@code
 * V1Handlers} a gRPC call runs, so limits, errors and semantics are the gRPC path's. No gRPC here.
 * See {@link dev.cirrus.wire.Frames} for the wire format.
 *
 * <p>The server side is non-blocking: {@link dev.cirrus.server.fastpath.DataPathListener} serves
 * every connection on a few Netty event loops (one per core), so an idle connection costs a
 * socket and a few objects, never a thread. {@link dev.cirrus.server.fastpath.DataConnection} is
 * one connection's protocol, {@link dev.cirrus.server.fastpath.FrameReader} its frames as the
 * bytes arrive, {@link dev.cirrus.server.fastpath.RequestRunner} where a request runs: on the loop
 * that read it when the store answers from memory, on the server's fair pools (admitted per
 * account) for heavy calls and for a store that blocks.
 */
package dev.cirrus.server.fastpath;
