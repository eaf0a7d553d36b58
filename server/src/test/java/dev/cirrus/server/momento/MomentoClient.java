package dev.cirrus.server.momento;

import dev.cirrus.momento.proto.cache.PingGrpc;
import dev.cirrus.momento.proto.cache.ScsGrpc;
import dev.cirrus.momento.proto.control.ScsControlGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/** Stubs that call as Momento's SDKs do: the bare token in {@code authorization}, the cache in {@code cache}. */
record MomentoClient(Channel channel, String token) {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> CACHE = Metadata.Key.of("cache", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> ERR = Metadata.Key.of("err", Metadata.ASCII_STRING_MARSHALLER);

  ScsGrpc.ScsBlockingStub data(String cache) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AUTHORIZATION, token);
    }
    if (cache != null) {
      headers.put(CACHE, cache);
    }
    return ScsGrpc.newBlockingStub(channel).withInterceptors(attach(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ScsControlGrpc.ScsControlBlockingStub control() {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AUTHORIZATION, token);
    }
    return ScsControlGrpc.newBlockingStub(channel).withInterceptors(attach(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  PingGrpc.PingBlockingStub ping() {
    return PingGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static ClientInterceptor attach(Metadata headers) {
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }
}
