/**
 * The gRPC front door: {@link dev.cirrus.server.grpc.V1GrpcServices} registers the cirrus.v1
 * services from the method table over the transport-neutral handlers, behind the auth interceptor
 * (the core authenticator on the call's headers) and the malformed-request guard; {@code
 * StatusMapper} turns failures into a {@code Status} and {@code ErrorDetail} trailer by the
 * cirrus.v1 error mapping; {@code ChangeStream} is a Subscribe call's observer side.
 */
package dev.cirrus.server.grpc;
