package dev.cirrus.server.momento;

import com.google.protobuf.Message;
import dev.cirrus.momento.proto.cache._PingResponse;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.store.CacheStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Every served Momento method's handler, by {@link MomentoMethod}: the one table the gRPC door
 * binds its services from. Built over the same store (with its limits) as cirrus.v1's handlers.
 */
public final class MomentoHandlers {
  private final Map<MomentoMethod, MomentoHandler> handlers = new EnumMap<>(MomentoMethod.class);

  public MomentoHandlers(CacheStore store, Limits limits) {
    ScsHandlers data = new ScsHandlers(new ScalarCache(store));
    ScsControlHandlers control = new ScsControlHandlers(store, limits);
    unary(MomentoMethod.PING, (call, request) -> _PingResponse.getDefaultInstance());
    unary(MomentoMethod.CREATE_CACHE, control::createCache);
    unary(MomentoMethod.DELETE_CACHE, control::deleteCache);
    unary(MomentoMethod.LIST_CACHES, control::listCaches);
    unary(MomentoMethod.FLUSH_CACHE, control::flushCache);
    unary(MomentoMethod.GET, data::get);
    unary(MomentoMethod.GET_WITH_HASH, data::getWithHash);
    stream(MomentoMethod.GET_BATCH, data::getBatch);
    unary(MomentoMethod.SET, data::set);
    stream(MomentoMethod.SET_BATCH, data::setBatch);
    unary(MomentoMethod.SET_IF, data::setIf);
    unary(MomentoMethod.SET_IF_HASH, data::setIfHash);
    unary(MomentoMethod.SET_IF_NOT_EXISTS, data::setIfNotExists);
    unary(MomentoMethod.DELETE, data::delete);
    unary(MomentoMethod.KEYS_EXIST, data::keysExist);
    unary(MomentoMethod.INCREMENT, data::increment);
    unary(MomentoMethod.UPDATE_TTL, data::updateTtl);
    unary(MomentoMethod.ITEM_GET_TTL, data::itemGetTtl);
    unary(MomentoMethod.ITEM_GET_TYPE, data::itemGetType);
    for (MomentoMethod method : MomentoMethod.values()) {
      if (!handlers.containsKey(method)) {
        throw new IllegalStateException("no handler for " + method.fullName());
      }
    }
  }

  /** The handler of {@code method}. */
  public MomentoHandler handler(MomentoMethod method) {
    return handlers.get(method);
  }

  @SuppressWarnings("unchecked")
  private <Q extends Message> void unary(MomentoMethod method,
      BiFunction<MomentoCall, Q, ? extends Message> handler) {
    // Safe (here and in stream): each handler is registered under the method whose request type
    // it takes, and the door parses requests with that method's parser, so it only gets a Q.
    handlers.put(method, (call, request) -> List.of(handler.apply(call, (Q) request)));
  }

  @SuppressWarnings("unchecked")
  private <Q extends Message> void stream(MomentoMethod method,
      BiFunction<MomentoCall, Q, List<? extends Message>> handler) {
    handlers.put(method, (call, request) -> handler.apply(call, (Q) request));
  }
}
