/**
 * Authentication and authorization. The server signs tokens (JWT, HMAC-SHA256) with keys kept in
 * its data directory ({@link dev.cirrus.server.auth.SigningKeys}: numbered keys, the newest signs,
 * older ones verify until retired; the token's {@code kid} header names its key). {@link
 * dev.cirrus.server.auth.TokenIssuer} issues tokens and {@link dev.cirrus.server.auth.TokenVerifier}
 * checks key, signature, issuer and expiry. {@link dev.cirrus.server.auth.AuthInterceptor} runs
 * before every control- and data-plane call: it verifies the bearer token, checks the permission the
 * method needs, and puts the {@link dev.cirrus.server.auth.Caller} (with the token's {@link
 * dev.cirrus.server.auth.CacheScope}) into the gRPC {@code Context}.
 */
package dev.cirrus.server.auth;
