package dev.cirrus.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.v1.V1Errors;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refuses a request whose bytes are not a valid message of its method's request type with
 * INVALID_ARGUMENT (reason INVALID_REQUEST) and a message naming the method. Left to itself, gRPC
 * answers such a request with UNKNOWN "Application error processing RPC", which tells the client
 * nothing about what it did wrong.
 *
 * <p>Each method is served with the raw request stream and parsed here with the method's own
 * marshaller, so nothing else changes: responses keep their marshaller, interceptors further in
 * see the typed method, and a call an interceptor already closed is not closed twice.
 */
final class MalformedRequests {
  private static final Logger LOG = Logger.getLogger(MalformedRequests.class.getName());

  /** Passes the transport's stream through untouched; {@link Parsing} parses it. */
  static final MethodDescriptor.Marshaller<InputStream> RAW =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
          return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          return stream;
        }
      };

  private MalformedRequests() {}

  /**
   * {@code service} with every method's requests parsed, and refused when malformed, here, with
   * cirrus.v1's refusal.
   */
  static ServerServiceDefinition guard(ServerServiceDefinition service) {
    return guard(service, method -> StatusMapper.toStatusException(V1Errors.malformed(method)));
  }

  /**
   * {@code service} with every method's requests parsed here, and refused when malformed with
   * {@code refusal}'s status for the method's full name (each protocol words its own).
   */
  static ServerServiceDefinition guard(ServerServiceDefinition service,
      Function<String, StatusException> refusal) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<InputStream, ?> guarded = guard(method, refusal);
      descriptor.addMethod(guarded.getMethodDescriptor());
      methods.add(guarded);
    }
    ServerServiceDefinition.Builder guardedService = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(guardedService::addMethod);
    return guardedService.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> guard(
      ServerMethodDefinition<ReqT, RespT> definition, Function<String, StatusException> refusal) {
    MethodDescriptor<ReqT, RespT> typed = definition.getMethodDescriptor();
    MethodDescriptor<InputStream, RespT> raw =
        typed.toBuilder(RAW, typed.getResponseMarshaller()).build();
    ServerCallHandler<ReqT, RespT> next = definition.getServerCallHandler();
    ServerCallHandler<InputStream, RespT> handler = (call, headers) -> {
      TypedCall<ReqT, RespT> typedCall = new TypedCall<>(call, typed);
      return new Parsing<>(typed, typedCall, next.startCall(typedCall, headers), refusal);
    };
    return ServerMethodDefinition.create(raw, handler);
  }

  /** Parses each request with the method's marshaller before the typed listener sees it. */
  private static final class Parsing<ReqT, RespT> extends ServerCall.Listener<InputStream> {
    private final MethodDescriptor<ReqT, RespT> method;
    private final TypedCall<ReqT, RespT> call;
    private final ServerCall.Listener<ReqT> delegate;
    private final Function<String, StatusException> refusal;
    /** Listener callbacks of one call never run concurrently, so a plain field suffices. */
    private boolean refused;

    Parsing(MethodDescriptor<ReqT, RespT> method, TypedCall<ReqT, RespT> call,
        ServerCall.Listener<ReqT> delegate, Function<String, StatusException> refusal) {
      this.method = requireNonNull(method, "method");
      this.call = requireNonNull(call, "call");
      this.delegate = requireNonNull(delegate, "delegate");
      this.refusal = requireNonNull(refusal, "refusal");
    }

    @Override
    public void onMessage(InputStream message) {
      if (refused) {
        return;
      }
      ReqT request;
      try {
        request = method.parseRequest(message);
      } catch (StatusRuntimeException e) {
        refused = true;
        LOG.log(Level.FINE, e, () -> "event=malformed_request method=" + method.getFullMethodName());
        StatusException refused = refusal.apply(method.getFullMethodName());
        call.closeIfOpen(refused.getStatus(), refused.getTrailers());
        return;
      }
      delegate.onMessage(request);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        delegate.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        delegate.onReady();
      }
    }

    @Override
    public void onCancel() {
      delegate.onCancel();
    }

    @Override
    public void onComplete() {
      delegate.onComplete();
    }
  }

  /** The raw call seen as the typed method, remembering whether someone closed it. */
  private static final class TypedCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
    private final ServerCall<InputStream, RespT> delegate;
    private final MethodDescriptor<ReqT, RespT> method;
    private final AtomicBoolean closed = new AtomicBoolean();

    TypedCall(ServerCall<InputStream, RespT> delegate, MethodDescriptor<ReqT, RespT> method) {
      this.delegate = delegate;
      this.method = method;
    }

    void closeIfOpen(Status status, Metadata trailers) {
      if (closed.compareAndSet(false, true)) {
        delegate.close(status, trailers);
      }
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed.set(true);
      delegate.close(status, trailers);
    }

    @Override
    public void request(int numMessages) {
      delegate.request(numMessages);
    }

    @Override
    public void sendHeaders(Metadata headers) {
      delegate.sendHeaders(headers);
    }

    @Override
    public void sendMessage(RespT message) {
      delegate.sendMessage(message);
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public boolean isCancelled() {
      return delegate.isCancelled();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      delegate.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
      delegate.setCompression(compressor);
    }

    @Override
    public void setOnReadyThreshold(int numBytes) {
      delegate.setOnReadyThreshold(numBytes);
    }

    @Override
    public SecurityLevel getSecurityLevel() {
      return delegate.getSecurityLevel();
    }

    @Override
    public Attributes getAttributes() {
      return delegate.getAttributes();
    }

    @Override
    public String getAuthority() {
      return delegate.getAuthority();
    }

    @Override
    public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
      return method;
    }
  }
}
