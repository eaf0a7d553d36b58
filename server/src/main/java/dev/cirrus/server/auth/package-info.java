/**
 * Authentication and authorization. The server signs tokens (JWT, HMAC-SHA256) with keys kept in
 * its data directory ({@link dev.cirrus.server.auth.SigningKeys}: numbered keys, the newest signs,
 * older ones verify until retired; the token's {@code kid} header names its key). {@link
 * dev.cirrus.server.auth.TokenIssuer} issues tokens and {@link dev.cirrus.server.auth.TokenVerifier}
 * checks key, signature, issuer and expiry. {@link dev.cirrus.server.auth.Authenticator} is what
 * every front door asks: it turns an authorization value and client id into a {@link
 * dev.cirrus.server.auth.Caller} (with the token's {@link dev.cirrus.server.auth.CacheScope}) and
 * checks the {@link dev.cirrus.server.auth.Permission} a method needs (which one, each protocol
 * says). No transport and no protocol here: the gRPC interceptor and the data path's hello both
 * call it.
 */
package dev.cirrus.server.auth;
