package dev.cirrus.wire;

/**
 * What a caller's token must allow for a method: any valid token, or one of the three
 * permissions a token can carry (the server's {@code perm} claim names them in lower case).
 */
public enum Access {
  /** Any valid token of the account; no permission needed. */
  ANY_TOKEN,
  READ,
  WRITE,
  /** Cache management: create, flush, delete. */
  CONTROL
}
