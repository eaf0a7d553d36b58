package dev.cirrus.server.error;

/**
 * The finer reason within an {@link ErrorCode}, where clients are told one: which token problem,
 * whether an invalid argument is the cache name or the request. {@link #NONE} where the code says
 * it all.
 */
public enum ErrorCause {
  NONE,
  /** {@link ErrorCode#UNAUTHENTICATED}: the call carries no token. */
  TOKEN_MISSING,
  /** {@link ErrorCode#UNAUTHENTICATED}: the token is not one this server issued, or not well formed. */
  TOKEN_INVALID,
  /** {@link ErrorCode#UNAUTHENTICATED}: the token's expiry has passed. */
  TOKEN_EXPIRED,
  /** {@link ErrorCode#INVALID_ARGUMENT}: the cache name. */
  INVALID_CACHE_NAME,
  /** {@link ErrorCode#INVALID_ARGUMENT}: anything else about the request. */
  INVALID_REQUEST,
  /** {@link ErrorCode#UNAVAILABLE}: the server is shutting down. */
  SHUTTING_DOWN
}
