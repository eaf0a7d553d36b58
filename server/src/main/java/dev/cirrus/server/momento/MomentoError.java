package dev.cirrus.server.momento;

/**
 * How the Momento protocol reports one failure: a gRPC status code number, a description that
 * says what went wrong and what to do, and the {@code err} metadata value Momento's SDKs read for
 * the finer cause of some codes (null for none).
 */
public record MomentoError(int statusCode, String description, String cause) {}
