package dev.cirrus.server.grpc;

import com.google.protobuf.Message;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.auth.Authenticator;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.metrics.Refusals;
import dev.cirrus.server.v1.V1Errors;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.v1.V1AsyncHandler;
import dev.cirrus.server.v1.V1Handler;
import dev.cirrus.server.v1.V1Handlers;
import dev.cirrus.wire.V1Method;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cirrus.v1 gRPC services, built from the method table: each {@link V1Method} of a service is
 * bound to its {@link V1Handler} (Subscribe to a {@link ChangeStream}), the service runs behind the
 * auth interceptor, and its requests are parsed by the malformed-request guard. gRPC refuses to
 * build a service with a method of its descriptor left out, so none can be forgotten.
 */
public final class V1GrpcServices {
  private V1GrpcServices() {}

  /**
   * ControlPlane and DataPlane over {@code handlers}, authenticated by {@code authenticator}; heavy
   * calls {@code fairCalls} found no room for are refused; every refusal is counted in {@code
   * refusals}.
   */
  public static List<ServerServiceDefinition> create(
      V1Handlers handlers, Authenticator authenticator, FairCalls fairCalls, Refusals refusals) {
    DoorRefusals counted = new DoorRefusals(refusals, Refusals.Door.GRPC);
    AuthInterceptor auth = new AuthInterceptor(authenticator, fairCalls, counted);
    return List.of(
        guard(ServerInterceptors.intercept(
            service(ControlPlaneGrpc.getServiceDescriptor(), handlers, fairCalls, counted), auth),
            counted),
        guard(ServerInterceptors.intercept(
            service(DataPlaneGrpc.getServiceDescriptor(), handlers, fairCalls, counted), auth),
            counted));
  }

  private static ServerServiceDefinition guard(ServerServiceDefinition service,
      DoorRefusals refusals) {
    return MalformedRequests.guard(service, method -> refusals.count(Refusals.Reason.BAD_REQUEST,
        StatusMapper.toStatusException(V1Errors.malformed(method))));
  }

  private static ServerServiceDefinition service(ServiceDescriptor descriptor, V1Handlers handlers,
      FairCalls fairCalls, DoorRefusals refusals) {
    ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(descriptor);
    for (V1Method method : V1Method.values()) {
      if (method.serviceName().equals(descriptor.getName())) {
        service.addMethod(typed(method), handler(method, handlers, fairCalls, refusals));
      }
    }
    return service.build();
  }

  private static ServerCallHandler<Message, Message> handler(V1Method method, V1Handlers handlers,
      FairCalls fairCalls, DoorRefusals refusals) {
    if (method == V1Method.SUBSCRIBE) {
      return ServerCalls.asyncServerStreamingCall(new Subscribe(handlers, refusals));
    }
    if (fairCalls.answeredLater(method)) {
      return ServerCalls.asyncUnaryCall(new AnsweredLater(handlers.unary(method).async(), refusals));
    }
    return ServerCalls.asyncUnaryCall(new Unary(handlers.unary(method).handler(), refusals));
  }

  @SuppressWarnings("unchecked")
  private static MethodDescriptor<Message, Message> typed(V1Method method) {
    // Every cirrus.v1 method takes and returns protobuf messages.
    return (MethodDescriptor<Message, Message>) method.descriptor();
  }

  /** A unary call: the caller the interceptor authenticated, the handler, the mapped failure. */
  private record Unary(V1Handler<Message, Message> handler, DoorRefusals refusals)
      implements ServerCalls.UnaryMethod<Message, Message> {
    @Override
    public void invoke(Message request, StreamObserver<Message> observer) {
      Message response;
      try {
        response = handler.handle(AuthContext.caller(), request);
      } catch (RuntimeException e) {
        observer.onError(refusals.count(e, StatusMapper.toStatusException(e)));
        return;
      }
      observer.onNext(response);
      observer.onCompleted();
    }
  }

  /**
   * A unary call answered when the store answers (a single-key call over a store that blocks):
   * sent from the transport thread, completed from the store's; refusals and failures map as
   * {@link Unary}'s do.
   */
  private record AnsweredLater(V1AsyncHandler<Message, Message> handler, DoorRefusals refusals)
      implements ServerCalls.UnaryMethod<Message, Message> {
    @Override
    public void invoke(Message request, StreamObserver<Message> observer) {
      CompletableFuture<Message> answer;
      try {
        answer = handler.handle(AuthContext.caller(), request);
      } catch (RuntimeException e) {
        observer.onError(refusals.count(e, StatusMapper.toStatusException(e)));
        return;
      }
      answer.whenComplete((response, failure) -> {
        if (failure == null) {
          observer.onNext(response);
          observer.onCompleted();
        } else {
          Throwable cause = CacheStore.failureOf(failure);
          observer.onError(refusals.count(cause, StatusMapper.toStatusException(cause)));
        }
      });
    }
  }

  /** A Subscribe call: a {@link ChangeStream} wired to the call, then subscribed. */
  private record Subscribe(V1Handlers handlers, DoorRefusals refusals)
      implements ServerCalls.ServerStreamingMethod<Message, Message> {
    @Override
    @SuppressWarnings("unchecked")
    public void invoke(Message request, StreamObserver<Message> observer) {
      var call = (ServerCallStreamObserver<ChangeEvent>) (StreamObserver<?>) observer;
      SubscribeRequest subscribe = (SubscribeRequest) request;
      Caller caller = AuthContext.caller();
      ChangeStream stream = new ChangeStream(call, subscribe.getIncludeValues(), caller);
      stream.install();
      try {
        stream.attach(handlers.subscribe(caller, subscribe, stream, AuthContext.connection()));
      } catch (RuntimeException e) {
        call.onError(refusals.count(e, StatusMapper.toStatusException(e)));
      }
    }
  }
}
