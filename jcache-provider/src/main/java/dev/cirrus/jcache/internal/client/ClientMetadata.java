package dev.cirrus.jcache.internal.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Adds the bearer token and the client id to every call. */
final class ClientMetadata implements ClientInterceptor {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> CLIENT_ID =
      Metadata.Key.of("cirrus-client-id", Metadata.ASCII_STRING_MARSHALLER);

  private final String bearer;
  private final String clientId;

  ClientMetadata(String token, String clientId) {
    this.bearer = token == null ? null : "Bearer " + token;
    this.clientId = clientId;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        if (bearer != null) {
          headers.put(AUTHORIZATION, bearer);
        }
        headers.put(CLIENT_ID, clientId);
        super.start(listener, headers);
      }
    };
  }
}
