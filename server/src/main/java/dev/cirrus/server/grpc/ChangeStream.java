package dev.cirrus.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.Subscription;
import dev.cirrus.server.v1.ChangeEvents;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC side of one Subscribe call: sends the feed's events as cirrus.v1 messages ({@link
 * ChangeEvents}, values only when the subscriber asked for them) and forwards the call's readiness
 * and cancellation to the subscription.
 */
final class ChangeStream implements ChangeSink {
  private static final Logger LOG = Logger.getLogger(ChangeStream.class.getName());

  private final ServerCallStreamObserver<ChangeEvent> call;
  private final boolean includeValues;
  private final Caller subscriber;
  private volatile Subscription subscription;

  /** @param subscriber who subscribed: how each event's writer is shown depends on it */
  ChangeStream(ServerCallStreamObserver<ChangeEvent> call, boolean includeValues, Caller subscriber) {
    this.call = requireNonNull(call, "call");
    this.includeValues = includeValues;
    this.subscriber = requireNonNull(subscriber, "subscriber");
  }

  /** Wires readiness and cancellation; call before subscribing, inside the service method. */
  void install() {
    call.setOnCancelHandler(this::cancelled);
    call.setOnReadyHandler(this::ready);
  }

  /**
   * Hands the stream its subscription. A call cancelled while it was subscribing found none to
   * close, so it is closed here: it must not hold its queue and its place in the stream quota.
   */
  void attach(Subscription subscription) {
    this.subscription = subscription;
    if (call.isCancelled()) {
      subscription.close();
    }
  }

  private void cancelled() {
    Subscription s = subscription;
    if (s != null) {
      s.close();
    }
  }

  private void ready() {
    Subscription s = subscription;
    if (s != null) {
      s.onReady();
    }
  }

  @Override
  public boolean includesValues() {
    return includeValues;
  }

  @Override
  public boolean isReady() {
    return call.isReady() && !call.isCancelled();
  }

  @Override
  public void send(dev.cirrus.server.feed.ChangeEvent event, long sequence) {
    try {
      call.onNext(ChangeEvents.of(event, sequence, includeValues, subscriber));
    } catch (RuntimeException e) {
      // The call ended under us (client gone); stop feeding it.
      LOG.log(Level.FINE, "event=change_stream_send_failed", e);
      cancelled();
    }
  }

  @Override
  public void complete() {
    try {
      call.onCompleted();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "event=change_stream_complete_failed", e);
    }
  }

  @Override
  public void fail(CirrusException error) {
    try {
      call.onError(StatusMapper.toStatusException(error));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "event=change_stream_fail_failed", e);
    }
  }
}
