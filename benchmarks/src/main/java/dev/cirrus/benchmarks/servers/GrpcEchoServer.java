package dev.cirrus.benchmarks.servers;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A grpc-java server with one unary echo method: the transport floor any gRPC-based cache pays.
 * With {@code --direct} the handler runs on the event loop (no executor hop), otherwise on
 * grpc-java's default cached thread pool, as an unconfigured server does.
 *
 * <p>With {@code --auth} every call first passes an interceptor that does what an authenticating
 * server does at the least: reads the bearer token, looks it up in a map of verified tokens and
 * runs the call with the caller in the {@link Context}.
 *
 * <p>Usage: {@code GrpcEchoServer --port P [--direct] [--auth]}; stops on SIGTERM.
 */
public final class GrpcEchoServer {

  private GrpcEchoServer() {}

  private static final class Auth implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> CALLER = Context.key("caller");
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String token = headers.get(AUTHORIZATION);
      String caller = token == null ? "anonymous" : verified.computeIfAbsent(token, t -> "bench");
      return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    ServerServiceDefinition service = ServerServiceDefinition.builder(EchoProtocol.SERVICE)
        .addMethod(EchoProtocol.ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(request);
          response.onCompleted();
        }))
        .build();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", args.getInt("port")))
            .addService(args.flag("auth") ? ServerInterceptors.intercept(service, new Auth()) : service);
    if (args.flag("direct")) {
      builder.directExecutor();
    }
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.out.println("READY grpc-echo on 127.0.0.1:" + server.getPort()
        + (args.flag("direct") ? " (direct executor)" : ""));
    server.awaitTermination();
  }
}
