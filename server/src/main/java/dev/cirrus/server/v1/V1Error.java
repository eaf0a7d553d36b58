package dev.cirrus.server.v1;

import dev.cirrus.proto.v1.ErrorDetail;

/**
 * A refusal as cirrus.v1 clients see it, on gRPC (status and {@code cirrus.v1.ErrorDetail-bin}
 * trailer) and on the data path (ERROR frame) alike.
 *
 * @param statusCode a gRPC status code number ({@link StatusCodes})
 * @param description the status description: the domain error's safe message
 * @param detail the reason, message and facts; null for the few transport refusals without one
 */
public record V1Error(int statusCode, String description, ErrorDetail detail) {}
