package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.SubscribeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;

/**
 * One open Subscribe call. Events reach the {@link Listener} on a gRPC executor thread, one at a
 * time and in the server's order. {@link #awaitSubscribed} returns once the server confirmed the
 * subscription, after which no change is missed while the stream stays open.
 */
public final class ChangeStream implements AutoCloseable {

  /** Receives a stream's events and its end. */
  public interface Listener {
    void onEvent(CacheChange change);

    /**
     * The stream ended: {@code failure} is null when the server completed it (cache deleted) or the
     * client closed it, else what broke it.
     */
    void onClosed(CacheException failure);
  }

  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final Endpoint endpoint;
  private final String cache;
  private final ErrorTranslator errors;
  private volatile ClientCallStreamObserver<SubscribeRequest> call;
  private volatile boolean closedByClient;
  private volatile CacheException failure;

  private ChangeStream(Endpoint endpoint, String cache, ErrorTranslator errors) {
    this.endpoint = endpoint;
    this.cache = cache;
    this.errors = errors;
  }

  static ChangeStream open(
      Endpoint endpoint, DataPlaneGrpc.DataPlaneStub stub, SubscribeRequest request, Listener listener,
      ErrorTranslator errors) {
    ChangeStream stream = new ChangeStream(endpoint, request.getCache(), errors);
    stub.subscribe(request, stream.observer(listener));
    return stream;
  }

  /** The node the stream is open on. */
  public Endpoint endpoint() {
    return endpoint;
  }

  private ClientResponseObserver<SubscribeRequest, ChangeEvent> observer(Listener listener) {
    return new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
        call = requestStream;
      }

      @Override
      public void onNext(ChangeEvent event) {
        CacheChange change = V1Messages.change(event);
        if (change.type() == CacheChange.Type.SUBSCRIBED) {
          subscribed.countDown();
        }
        listener.onEvent(change);
      }

      @Override
      public void onError(Throwable t) {
        if (closedByClient) {
          listener.onClosed(null);
        } else {
          StatusRuntimeException sre = t instanceof StatusRuntimeException s
              ? s : Status.fromThrowable(t).asRuntimeException();
          failure = errors.translate(sre, "change stream of cache '" + cache + "'");
          listener.onClosed(failure);
        }
        subscribed.countDown();
      }

      @Override
      public void onCompleted() {
        listener.onClosed(null);
        subscribed.countDown();
      }
    };
  }

  /**
   * Waits until the server confirmed the subscription.
   *
   * @throws CacheException when the stream failed first or no confirmation came within the timeout
   */
  public void awaitSubscribed(Duration timeout) {
    try {
      if (!subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new CacheException("Cirrus server did not confirm the change stream of cache '"
            + cache + "' within " + timeout.toMillis() + " ms; check the server's health");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new CacheException("Interrupted while subscribing to changes of cache '" + cache + "'", e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    closedByClient = true;
    ClientCallStreamObserver<SubscribeRequest> c = call;
    if (c != null) {
      c.cancel("client closed the change stream", null);
    }
  }
}
