/**
 * Authentication and authorization. The server signs tokens (JWT, HMAC-SHA256) with a key kept in
 * its data directory ({@link dev.cirrus.server.auth.SigningKeys}); {@link
 * dev.cirrus.server.auth.TokenIssuer} issues them and {@link dev.cirrus.server.auth.TokenVerifier}
 * checks signature, issuer and expiry. {@link dev.cirrus.server.auth.AuthInterceptor} runs before
 * every control- and data-plane call: it verifies the bearer token, checks the permission the
 * method needs, and puts the {@link dev.cirrus.server.auth.Caller} into the gRPC {@code Context}.
 */
package dev.cirrus.server.auth;
