package dev.cirrus.benchmarks.e2e;

import dev.cirrus.benchmarks.servers.EchoProtocol;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gRPC floor: every operation is one blocking unary echo of the payload the cache operation
 * would move (a get echoes a value, a getAll of 100 keys echoes 100 values), over one shared
 * channel, with grpc-java's defaults or, with {@code direct}, direct executors on both sides.
 *
 * <p>To tell what a client's use of gRPC adds to the floor, each of Cirrus's choices can be
 * switched on alone: {@code retry} (the channel's retry policy, as the provider configures it for
 * reads), {@code deadline} (a deadline on every call), {@code headers} (a bearer token and a client
 * id on every call), and {@code channels} (calls spread round-robin over several channels).
 */
final class GrpcEchoTarget implements Target {

  /** The variations of the client side; all off is grpc-java's plain blocking unary call. */
  record Options(boolean direct, boolean retry, boolean deadline, boolean headers, int channels) {}

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> CLIENT_ID =
      Metadata.Key.of("cirrus-client-id", Metadata.ASCII_STRING_MARSHALLER);

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final Options options;
  private final AtomicInteger next = new AtomicInteger();

  GrpcEchoTarget(int port, Options options) {
    this.options = options;
    for (int i = 0; i < Math.max(1, options.channels()); i++) {
      NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
      if (options.direct()) {
        builder.directExecutor();
      }
      if (options.retry()) {
        builder.defaultServiceConfig(retryConfig()).enableRetry();
      }
      if (options.headers()) {
        // A token of the size of a Cirrus JWT.
        String bearer = "Bearer " + "x".repeat(300);
        String clientId = java.util.UUID.randomUUID().toString();
        builder.intercept(new ClientInterceptor() {
          @Override
          public <Q, R> ClientCall<Q, R> interceptCall(
              MethodDescriptor<Q, R> method, CallOptions callOptions, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
              @Override
              public void start(Listener<R> listener, Metadata headers) {
                headers.put(AUTHORIZATION, bearer);
                headers.put(CLIENT_ID, clientId);
                super.start(listener, headers);
              }
            };
          }
        });
      }
      channels.add(builder.build());
    }
  }

  private static Map<String, ?> retryConfig() {
    Map<String, Object> retry = Map.of(
        "maxAttempts", 4.0, "initialBackoff", "0.05s", "maxBackoff", "0.5s",
        "backoffMultiplier", 2.0, "retryableStatusCodes", List.of("UNAVAILABLE"));
    return Map.of("methodConfig", List.of(Map.of(
        "name", List.of(Map.of("service", EchoProtocol.SERVICE, "method", "Echo")),
        "retryPolicy", retry)));
  }

  @Override
  public Dataset dataset(String name, int valueSize) {
    return new EchoDataset(valueSize, this::echo);
  }

  private byte[] echo(byte[] payload) {
    ManagedChannel channel = channels.size() == 1 ? channels.get(0)
        : channels.get(Math.floorMod(next.getAndIncrement(), channels.size()));
    CallOptions callOptions = options.deadline()
        ? CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS) : CallOptions.DEFAULT;
    return ClientCalls.blockingUnaryCall(channel, EchoProtocol.ECHO, callOptions, payload);
  }

  @Override
  public void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    try {
      for (ManagedChannel channel : channels) {
        channel.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
