package dev.cirrus.server.error;

/**
 * What kind of refusal a {@link CirrusException} is, in the core's own terms. Each front door
 * maps these to its protocol (cirrus.v1: {@code dev.cirrus.server.v1.V1Errors}); the finer
 * {@link ErrorCause} and, for {@link #LIMIT_EXCEEDED}, the {@link Limit} say more.
 */
public enum ErrorCode {
  CACHE_NOT_FOUND,
  CACHE_ALREADY_EXISTS,
  /** No token, or one that is not valid (any more). */
  UNAUTHENTICATED,
  /** A valid token that does not allow this method or this cache. */
  PERMISSION_DENIED,
  /** A request or an account over one of the server's limits; {@link CirrusException#limit()} says which. */
  LIMIT_EXCEEDED,
  /** A request that cannot be served as sent. */
  INVALID_ARGUMENT,
  /** The server cannot serve now (it is shutting down, or its store does not answer); another server, or later, can. */
  UNAVAILABLE,
  /** A bug on the server's side. */
  INTERNAL
}
