package dev.cirrus.server.testing;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls cirrus.v1 methods with arbitrary bytes as the request message, through a copy of each
 * method whose marshaller passes bytes through: what a broken or hostile client can send.
 */
public final class RawCalls {
  /** How a raw call ended: its status, and the first response message when one arrived. */
  public record Result(Status status, byte[] firstResponse) {
    /** Answered: OK for a unary call, or a first message on a stream (then cancelled by us). */
    public boolean answered() {
      return firstResponse != null;
    }
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private RawCalls() {}

  /** Every method of the control and data planes. */
  public static List<MethodDescriptor<?, ?>> cirrusMethods() {
    List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
    methods.addAll(ControlPlaneGrpc.getServiceDescriptor().getMethods());
    methods.addAll(DataPlaneGrpc.getServiceDescriptor().getMethods());
    return methods;
  }

  /** {@code method} with byte-array messages both ways. */
  public static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
    return method.toBuilder(BYTES, BYTES).build();
  }

  /**
   * Sends {@code request} to {@code method} and waits, at most {@code deadline} plus a second,
   * for the answer. A stream is cancelled after its first message.
   *
   * @throws AssertionError when the call neither answers nor ends in time (a hang)
   */
  public static Result call(Channel channel, MethodDescriptor<?, ?> method, byte[] request,
      CallCredentials credentials, Duration deadline) {
    ClientCall<byte[], byte[]> call = channel.newCall(raw(method), CallOptions.DEFAULT
        .withCallCredentials(credentials)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    CompletableFuture<Result> done = new CompletableFuture<>();
    boolean streaming = method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING;
    call.start(new ClientCall.Listener<>() {
      private byte[] first;

      @Override
      public void onMessage(byte[] message) {
        if (first == null) {
          first = message;
        }
        if (streaming) {
          done.complete(new Result(Status.OK, first));
          call.cancel("the test read what it needed", null);
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        done.complete(new Result(status, status.isOk() ? first : (streaming ? first : null)));
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
    try {
      return done.get(deadline.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel("hung", null);
      throw new AssertionError(method.getFullMethodName() + " neither answered nor ended within "
          + deadline + " (the deadline did not fire)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /**
   * Whether a status description carries more than one line of text: the server's messages are
   * single lines and quote client text with control characters replaced, so a tab or a line
   * break can only come from a stack trace or an exception's multi-line text.
   */
  public static boolean leaksInternals(Status status) {
    String description = status.getDescription();
    return description != null && (description.indexOf('\n') >= 0 || description.indexOf('\t') >= 0
        || description.indexOf('\r') >= 0);
  }
}
