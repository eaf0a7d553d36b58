package dev.cirrus.server.grpc;

import com.google.protobuf.Message;
import dev.cirrus.momento.proto.cache.PingGrpc;
import dev.cirrus.momento.proto.cache.ScsGrpc;
import dev.cirrus.momento.proto.control.ScsControlGrpc;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.metrics.Refusals;
import dev.cirrus.server.momento.MomentoAccess;
import dev.cirrus.server.momento.MomentoErrors;
import dev.cirrus.server.momento.MomentoHandler;
import dev.cirrus.server.momento.MomentoHandlers;
import dev.cirrus.server.momento.MomentoMethod;
import io.grpc.HandlerRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Momento's gRPC services ({@code cache_client.Scs}, {@code control_client.ScsControl}, {@code
 * cache_client.Ping}) on the gRPC port beside cirrus.v1: each method of the services' descriptors
 * is bound to its {@link MomentoHandler}, behind the Momento interceptor and the malformed-request
 * guard. {@link #unserved()} answers the methods of Momento's protocol that Cirrus does not serve
 * (collections, topics, ...) with UNIMPLEMENTED naming what is not served.
 */
public final class MomentoGrpcServices {
  /** The proto packages of Momento's services: calls to them that are not served are named so. */
  private static final Set<String> MOMENTO_PACKAGES = Set.of(
      "cache_client", "control_client", "token", "auth", "leaderboard", "function", "webhook",
      "permission_messages");

  private MomentoGrpcServices() {}

  /**
   * The three services over {@code handlers}, authenticated through {@code access}; heavy calls
   * {@code fairCalls} found no room for are refused.
   */
  public static List<ServerServiceDefinition> create(MomentoHandlers handlers, MomentoAccess access,
      FairCalls fairCalls, Refusals refusals) {
    DoorRefusals counted = new DoorRefusals(refusals, Refusals.Door.MOMENTO_GRPC);
    MomentoInterceptor interceptor = new MomentoInterceptor(access, fairCalls, counted);
    return List.of(
        service(ScsGrpc.getServiceDescriptor(), handlers, interceptor, counted),
        service(ScsControlGrpc.getServiceDescriptor(), handlers, interceptor, counted),
        service(PingGrpc.getServiceDescriptor(), handlers, interceptor, counted));
  }

  /**
   * The registry to consult last: UNIMPLEMENTED, saying so, for Momento's unserved methods, each
   * counted in {@code refusals}.
   */
  public static HandlerRegistry unserved(Refusals refusals) {
    DoorRefusals counted = new DoorRefusals(refusals, Refusals.Door.MOMENTO_GRPC);
    return new HandlerRegistry() {
      @Override
      public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        int dot = methodName.indexOf('.');
        if (dot < 0 || !MOMENTO_PACKAGES.contains(methodName.substring(0, dot))) {
          return null;
        }
        return unservedMethod(methodName, counted);
      }
    };
  }

  private static ServerServiceDefinition service(ServiceDescriptor descriptor,
      MomentoHandlers handlers, MomentoInterceptor interceptor, DoorRefusals refusals) {
    ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(descriptor);
    for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
      MomentoMethod served = MomentoMethod.ofFullName(method.getFullMethodName());
      if (served == null) {
        throw new IllegalStateException("no MomentoMethod for " + method.getFullMethodName());
      }
      service.addMethod(typed(method), handler(served, handlers.handler(served), refusals));
    }
    return MalformedRequests.guard(ServerInterceptors.intercept(service.build(), interceptor),
        method -> refusals.count(Refusals.Reason.BAD_REQUEST, malformed(method)));
  }

  private static ServerCallHandler<Message, Message> handler(MomentoMethod method,
      MomentoHandler handler, DoorRefusals refusals) {
    Call call = new Call(handler, refusals);
    return method.streams()
        ? ServerCalls.asyncServerStreamingCall(call)
        : ServerCalls.asyncUnaryCall(call);
  }

  @SuppressWarnings("unchecked")
  private static MethodDescriptor<Message, Message> typed(MethodDescriptor<?, ?> method) {
    // Every Momento method takes and returns protobuf messages.
    return (MethodDescriptor<Message, Message>) method;
  }

  private static StatusException malformed(String method) {
    return MomentoStatus.of(CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST,
        "the request to " + method + " is not a valid message of Momento's protocol (malformed"
            + " protocol buffer); send requests built by a Momento SDK",
        Map.of("method", method)));
  }

  /** A call: the handler's responses (one, or a stream), or the mapped failure. */
  private record Call(MomentoHandler handler, DoorRefusals refusals)
      implements ServerCalls.UnaryMethod<Message, Message>,
      ServerCalls.ServerStreamingMethod<Message, Message> {
    @Override
    public void invoke(Message request, StreamObserver<Message> observer) {
      List<? extends Message> responses;
      try {
        responses = handler.handle(MomentoInterceptor.CALL.get(), request);
      } catch (RuntimeException e) {
        observer.onError(refusals.count(e, MomentoStatus.of(e)));
        return;
      }
      responses.forEach(observer::onNext);
      observer.onCompleted();
    }
  }

  private static ServerMethodDefinition<InputStream, InputStream> unservedMethod(String fullName,
      DoorRefusals refusals) {
    MethodDescriptor<InputStream, InputStream> method =
        MethodDescriptor.<InputStream, InputStream>newBuilder()
            .setType(MethodDescriptor.MethodType.UNKNOWN)
            .setFullMethodName(fullName)
            // The call is refused before any request is read, and nothing is sent back.
            .setRequestMarshaller(MalformedRequests.RAW)
            .setResponseMarshaller(MalformedRequests.RAW)
            .build();
    StatusException refusal = MomentoStatus.of(MomentoErrors.unserved(fullName));
    ServerCallHandler<InputStream, InputStream> handler = (call, headers) -> {
      refusals.count(Refusals.Reason.UNSERVED, refusal);
      call.close(refusal.getStatus(), refusal.getTrailers());
      return new io.grpc.ServerCall.Listener<>() {};
    };
    return ServerMethodDefinition.create(method, handler);
  }
}
