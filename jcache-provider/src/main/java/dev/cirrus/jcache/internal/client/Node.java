package dev.cirrus.jcache.internal.client;

import com.google.protobuf.MessageLite;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.wire.V1Method;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The connections to one server of the client's list: its gRPC channels and stubs, and its data
 * path, and the limits it announced (each node may announce its own, and a restarted one may
 * change them). Connections are made lazily by the first calls, so a node the client never uses
 * costs nothing but its objects.
 *
 * <p>Thread-safe.
 */
final class Node implements AutoCloseable {

  private final Endpoint endpoint;
  private final List<ManagedChannel> channels;
  private final ControlPlaneGrpc.ControlPlaneBlockingStub control;
  private final DataPlaneGrpc.DataPlaneStub async;
  private final DataPaths data;
  private final ErrorTranslator errors;
  private final ServerLimits limits = new ServerLimits();
  private final Duration callTimeout;

  /**
   * @param channels the node's channels, owned and closed by this node
   * @param tls the TLS of a {@code cirrus+tls://} endpoint, for the data path; else null
   */
  Node(Endpoint endpoint, List<ManagedChannel> channels, ClientSettings settings, ClientTls tls,
      CallTimer timer) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one channel");
    }
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.channels = List.copyOf(channels);
    this.callTimeout = settings.callTimeout();
    ManagedChannel first = this.channels.get(0);
    this.control = ControlPlaneGrpc.newBlockingStub(first);
    this.async = DataPlaneGrpc.newStub(first);
    this.data = new DataPaths(new GrpcDataPath(this.channels, timer, callTimeout), endpoint,
        settings, tls, this::describeForDataPath);
    this.errors = new ErrorTranslator(endpoint, callTimeout);
  }

  /** Opens {@code count} channels to {@code endpoint}; they connect at their first call. */
  static Node connect(Endpoint endpoint, ClientSettings settings, ChannelCredentials credentials,
      ClientTls tls, CallTimer timer, int count) {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      channels.add(NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port(), credentials)
          .withOption(
              ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
          .intercept(new ClientMetadata(settings.token(), settings.clientId()))
          .defaultServiceConfig(RetryPolicy.serviceConfig())
          .enableRetry()
          .maxInboundMessageSize(64 * 1024 * 1024)
          .keepAliveTime(30, TimeUnit.SECONDS)
          .keepAliveTimeout(5, TimeUnit.SECONDS)
          // Nagle's algorithm would hold small requests back waiting for more bytes.
          .withOption(ChannelOption.TCP_NODELAY, true)
          .build());
    }
    return new Node(endpoint, channels, settings, tls, timer);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  ErrorTranslator errors() {
    return errors;
  }

  /** The control plane with the call timeout as its deadline. */
  ControlPlaneGrpc.ControlPlaneBlockingStub control() {
    return control.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Asks this node alone what it is, keeping the limits it announces.
   *
   * @throws StatusRuntimeException when the node does not answer
   */
  DescribeServerResponse describeServer() {
    return learn(control().describeServer(DescribeServerRequest.getDefaultInstance()));
  }

  /**
   * DescribeServer asked to learn the data path: its failure is swallowed there (calls go by gRPC
   * meanwhile), so the channel it failed on is made to try afresh here, as any failed call's is.
   */
  private DescribeServerResponse describeForDataPath() {
    try {
      return describeServer();
    } catch (StatusRuntimeException e) {
      failed(e);
      throw e;
    }
  }

  /** Keeps the limits the node announced, for the checks before sending. */
  private DescribeServerResponse learn(DescribeServerResponse server) {
    limits.learn(server);
    return server;
  }

  /** The key and value limits this node announced, checked before a write is sent to it. */
  ServerLimits limits() {
    return limits;
  }

  /** The data plane's asynchronous stub, for change streams and calls nobody waits for. */
  DataPlaneGrpc.DataPlaneStub async() {
    return async;
  }

  /**
   * Runs one of the control calls that have a data path number: on the data path when this node
   * carries them there, else on gRPC (see {@link DataPaths#runControl}).
   */
  <R> R control(V1Method method, MessageLite request) {
    return data.runControl(path -> path.call(method, request));
  }

  /** Runs a data call by the transport chosen for it (see {@link DataPaths}). */
  <T> T data(Function<DataPath, T> call) {
    return data.run(call);
  }

  boolean usesDataPath() {
    return data.usesFastPath();
  }

  /** A call to this node failed: an unreachable node is tried afresh by the next call. */
  void failed(StatusRuntimeException e) {
    if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
      return;
    }
    data.serverUnavailable();
    for (ManagedChannel channel : channels) {
      if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
        // A failed channel keeps failing calls with its last error until a backed-off reconnect
        // succeeds (up to minutes). Going idle makes the next call try a fresh connection at
        // once, so a server that came back is used within one call; one still down fails fast.
        channel.enterIdle();
      }
    }
  }

  /** Closes the channels without waiting for calls in flight for longer than a moment. */
  @Override
  public void close() {
    data.close();
    channels.forEach(ManagedChannel::shutdown);
    try {
      for (ManagedChannel channel : channels) {
        if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      channels.forEach(ManagedChannel::shutdownNow);
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return endpoint.toString();
  }
}
