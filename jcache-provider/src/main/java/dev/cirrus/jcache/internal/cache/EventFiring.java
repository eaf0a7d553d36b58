package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CacheChange;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.event.CirrusEntryEvent;
import dev.cirrus.jcache.internal.event.EventDispatcher;
import javax.cache.Cache;

/**
 * Turns what the server answered into a cache's entry events: this client's own changes from the
 * answers to its calls, other clients' from the change stream. Values are decoded only when a
 * listener is registered.
 */
final class EventFiring<K, V> {

  private final Cache<K, V> source;
  private final EventDispatcher<K, V> dispatcher;
  private final Encoding<K, V> encoding;

  EventFiring(Cache<K, V> source, EventDispatcher<K, V> dispatcher, Encoding<K, V> encoding) {
    this.source = source;
    this.dispatcher = dispatcher;
    this.encoding = encoding;
  }

  boolean listening() {
    return dispatcher.hasListeners();
  }

  /** @param expiredValue the value of an entry a call found expired, or null when there was none */
  void fireExpired(K key, ByteString expiredValue) {
    if (expiredValue != null && listening()) {
      dispatcher.dispatch(CirrusEntryEvent.expired(source, key, encoding.readValue(expiredValue)));
    }
  }

  void fireCreated(K key, V value) {
    if (listening()) {
      dispatcher.dispatch(CirrusEntryEvent.created(source, key, value));
    }
  }

  void fireUpdated(K key, V value, ByteString previous, boolean hadPrevious) {
    if (listening()) {
      V old = hadPrevious && !previous.isEmpty() ? encoding.readValue(previous) : null;
      dispatcher.dispatch(CirrusEntryEvent.updated(source, key, value, old));
    }
  }

  void fireRemoved(K key, ByteString previous) {
    if (listening()) {
      dispatcher.dispatch(CirrusEntryEvent.removed(source, key,
          previous.isEmpty() ? null : encoding.readValue(previous)));
    }
  }

  /** Fires what a write did, as told by the server's answer. */
  void fireWrite(K key, V value, WriteOutcome result, boolean goneAtOnce) {
    fireExpired(key, result.expiredValue());
    if (goneAtOnce) {
      return;
    }
    if (result.created()) {
      fireCreated(key, value);
    } else if (result.updated()) {
      fireUpdated(key, value, result.previousValue(), result.hadPrevious());
    }
  }

  /** Another client's change (or the server's expiry), as the change stream delivered it. */
  CirrusEntryEvent<K, V> toEvent(CacheChange change) {
    K key = encoding.decodeKey(change.key());
    V value = change.value() == null ? null : encoding.decodeValue(change.value());
    V old = change.oldValue() == null ? null : encoding.decodeValue(change.oldValue());
    switch (change.type()) {
      case CREATED:
        return CirrusEntryEvent.created(source, key, value);
      case UPDATED:
        return CirrusEntryEvent.updated(source, key, value, old);
      case REMOVED:
        return CirrusEntryEvent.removed(source, key, old);
      case EXPIRED:
        return CirrusEntryEvent.expired(source, key, old);
      default:
        throw new IllegalArgumentException("not an entry event: " + change.type());
    }
  }
}
