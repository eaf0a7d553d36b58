package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.auth.ConnectionAuth;
import dev.cirrus.server.data.DataPlaneService;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.MalformedRequests;
import dev.cirrus.server.error.StatusMapper;
import dev.cirrus.wire.Frames;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.EOFException;
import java.util.Map;

/**
 * Answers the data path's frames on the calling thread: a hello with a session or a refusal, a
 * request with the {@link DataPlaneService}'s answer. A request runs in the {@link Context} the
 * session authorizes, exactly as a gRPC call runs behind the auth interceptor, and its failure
 * leaves as the status and {@link ErrorDetail} a gRPC call would have closed with.
 */
public final class DataRequests {
  private final DataMethods methods;
  private final ConnectionAuth auth;

  public DataRequests(DataPlaneService service, ConnectionAuth auth) {
    this.methods = new DataMethods(requireNonNull(service, "service"));
    this.auth = requireNonNull(auth, "auth");
  }

  /**
   * The session a HELLO payload opens.
   *
   * @throws CirrusException when the credentials are refused
   * @throws EOFException when the payload is not a hello
   */
  ConnectionAuth.Session hello(byte[] payload) throws EOFException {
    Frames.HelloPayload hello = Frames.parseHello(payload);
    return auth.open(hello.authorization(), hello.clientId());
  }

  /** The answer frame (OK or ERROR) to one REQUEST payload. */
  byte[] answer(ConnectionAuth.Session session, byte[] payload) {
    DataMethods.Route<?, ?> route = payload.length == 0 ? null : methods.route(payload[0]);
    if (route == null) {
      return error(CirrusException.invalidArgument(ErrorReason.INVALID_REQUEST,
          "the data path has no method number "
              + (payload.length == 0 ? "(empty request)" : Byte.toString(payload[0]))
              + "; use the Cirrus JCache provider, or gRPC",
          Map.of()));
    }
    try {
      return run(route, session.authorize(route.name()), payload);
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  private static <Q, R> byte[] run(DataMethods.Route<Q, R> route, Context context, byte[] payload) {
    Q request;
    try {
      request = route.parser().parseFrom(payload, 1, payload.length - 1);
    } catch (InvalidProtocolBufferException e) {
      return error(MalformedRequests.refusal(route.name()));
    }
    Answer<R> answer = new Answer<>();
    context.run(() -> route.handler().accept(request, answer));
    return answer.frame();
  }

  /** The ERROR frame for a failure, mapped as a gRPC call's would be. */
  static byte[] error(Throwable failure) {
    StatusException mapped = failure instanceof StatusException e ? e
        : failure instanceof StatusRuntimeException e
            ? new StatusException(e.getStatus(), e.getTrailers())
            : StatusMapper.toStatusException(failure);
    Metadata trailers = mapped.getTrailers();
    ErrorDetail detail = trailers == null ? null : trailers.get(StatusMapper.ERROR_DETAIL_KEY);
    return Frames.error(mapped.getStatus().getCode().value(), mapped.getStatus().getDescription(),
        detail);
  }

  /** Records what a unary service method answered; the methods answer before they return. */
  private static final class Answer<R> implements StreamObserver<R> {
    private R value;
    private Throwable failure;

    @Override
    public void onNext(R value) {
      this.value = value;
    }

    @Override
    public void onError(Throwable t) {
      this.failure = t;
    }

    @Override
    public void onCompleted() {}

    byte[] frame() {
      if (failure != null) {
        return error(failure);
      }
      if (value == null) {
        return error(Status.INTERNAL.withDescription("the call ended without an answer")
            .asException());
      }
      return Frames.ok((MessageLite) value);
    }
  }
}
