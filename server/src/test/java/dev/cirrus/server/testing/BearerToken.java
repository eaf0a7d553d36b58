package dev.cirrus.server.testing;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;

/** Sends {@code authorization: Bearer <token>} and {@code cirrus-client-id}, like the provider. */
public final class BearerToken extends CallCredentials {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> CLIENT_ID =
      Metadata.Key.of("cirrus-client-id", Metadata.ASCII_STRING_MARSHALLER);

  private final String authorization;
  private final String clientId;

  /** {@code token} may be null to send no authorization header at all. */
  public BearerToken(String token, String clientId) {
    this.authorization = token == null ? null : "Bearer " + token;
    this.clientId = clientId;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    try {
      Metadata headers = new Metadata();
      if (authorization != null) {
        headers.put(AUTHORIZATION, authorization);
      }
      if (clientId != null) {
        headers.put(CLIENT_ID, clientId);
      }
      applier.apply(headers);
    } catch (RuntimeException e) {
      applier.fail(Status.UNAUTHENTICATED.withCause(e));
    }
  }
}
