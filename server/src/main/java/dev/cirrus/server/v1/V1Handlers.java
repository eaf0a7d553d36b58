package dev.cirrus.server.v1;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.auth.Caller;
import dev.cirrus.server.auth.StreamGuard;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.StreamQuota;
import dev.cirrus.server.feed.Subscription;
import dev.cirrus.server.limits.AccountRateLimit;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.wire.V1Method;
import java.util.function.Supplier;

/**
 * Every cirrus.v1 method's handler, by {@link V1Method}: the one table the gRPC adapter registers
 * its services from and the data path dispatches by. Only Subscribe, a stream, is not a {@link
 * V1Handler}: {@link #subscribe} feeds a {@link ChangeSink} the adapter provides.
 */
public final class V1Handlers {
  /**
   * A unary method with its request parser and handler, typed loosely to sit in one array; and
   * for the single-key data calls, the handler that answers when the store does ({@code async},
   * null for the other methods).
   */
  public record Unary(V1Method method, Parser<? extends Message> parser,
      V1Handler<Message, Message> handler, V1AsyncHandler<Message, Message> async) {
    /**
     * The request in {@code length} bytes of {@code bytes} from {@code offset}, an array read for
     * this request alone that nothing writes afterwards: a large put's value is left in it ({@link
     * LargeWrites}).
     */
    public Message parse(byte[] bytes, int offset, int length)
        throws InvalidProtocolBufferException {
      if (method == V1Method.SET && LargeWrites.applies(length)) {
        return LargeWrites.parse(bytes, offset, length);
      }
      return parser.parseFrom(bytes, offset, length);
    }
  }

  private final Unary[] unary = new Unary[V1Method.values().length];
  private final DataHandlers data;
  private final AccountRateLimit rate;

  /**
   * @param instanceId new at every server start, so clients can tell a restart
   * @param dataPath what DescribeServer says of the data path (its port is bound later)
   * @param streams watches open change streams, ending those whose token is no longer accepted
   * @param streamQuota how many change streams an account and a connection may have open
   * @param rate the requests per second an account may make; every method's call takes one,
   *     whatever door it came through, before its handler runs
   */
  public V1Handlers(CacheStore store, Limits limits, String serverVersion, String instanceId,
      Supplier<DataPathOffer> dataPath, StreamGuard streams, StreamQuota streamQuota,
      AccountRateLimit rate) {
    this.rate = requireNonNull(rate, "rate");
    data = new DataHandlers(store, streams, streamQuota);
    ControlHandlers control =
        new ControlHandlers(store, limits, serverVersion, instanceId, dataPath);
    put(V1Method.DESCRIBE_SERVER, control::describeServer);
    put(V1Method.CREATE_CACHE, control::createCache);
    put(V1Method.LIST_CACHES, control::listCaches);
    put(V1Method.DESCRIBE_CACHE, control::describeCache);
    put(V1Method.FLUSH_CACHE, control::flushCache);
    put(V1Method.DELETE_CACHE, control::deleteCache);
    put(V1Method.GET, data::get, data::getAsync);
    put(V1Method.GET_BATCH, data::getBatch, data::getBatchAsync);
    put(V1Method.CONTAINS, data::contains, data::containsAsync);
    put(V1Method.TOUCH, data::touch, data::touchAsync);
    put(V1Method.SET, data::set, data::setAsync);
    put(V1Method.SET_BATCH, data::setBatch);
    put(V1Method.DELETE, data::delete, data::deleteAsync);
    put(V1Method.DELETE_BATCH, data::deleteBatch);
    put(V1Method.CLEAR, data::clear);
    put(V1Method.SCAN, data::scan);
    for (V1Method method : V1Method.values()) {
      if (method != V1Method.SUBSCRIBE && unary[method.ordinal()] == null) {
        throw new IllegalStateException("no handler for " + method.fullName());
      }
    }
  }

  /** The handler of {@code method}; null for Subscribe, the one streaming method. */
  public Unary unary(V1Method method) {
    return unary[method.ordinal()];
  }

  /**
   * Starts feeding {@code sink} the changes of the cache {@code request} names.
   *
   * @param connection what the door's connection is known by, for its stream quota (equal for
   *     every call of one connection); null when the door has none to count
   */
  public Subscription subscribe(Caller caller, SubscribeRequest request, ChangeSink sink,
      Object connection) {
    rate.acquire(caller.account());
    return data.subscribe(caller, request, sink, connection);
  }

  private <Q extends Message, R extends Message> void put(V1Method method, V1Handler<Q, R> handler) {
    put(method, handler, null);
  }

  @SuppressWarnings("unchecked")
  private <Q extends Message, R extends Message> void put(V1Method method, V1Handler<Q, R> handler,
      V1AsyncHandler<Q, R> async) {
    // Safe: each handler is registered under the method whose request type it takes, so the
    // parser and the gRPC marshaller only ever hand it a Q.
    V1Handler<Message, Message> typed = (V1Handler<Message, Message>) (V1Handler<?, ?>) handler;
    V1AsyncHandler<Message, Message> typedAsync =
        (V1AsyncHandler<Message, Message>) (V1AsyncHandler<?, ?>) async;
    unary[method.ordinal()] = new Unary(method, method.requestParser(), (caller, request) -> {
      rate.acquire(caller.account());
      return typed.handle(caller, request);
    }, async == null ? null : (caller, request) -> {
      rate.acquire(caller.account());
      return typedAsync.handle(caller, request);
    });
  }
}
