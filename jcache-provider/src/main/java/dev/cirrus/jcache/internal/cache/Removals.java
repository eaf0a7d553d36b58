package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.EntryRemoval;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.RemovalOutcome;
import dev.cirrus.jcache.internal.client.ScanPage;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.integration.LoaderWriter;
import dev.cirrus.jcache.internal.integration.LoaderWriter.BatchOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** remove and its conditional forms, removeAll and clear. */
final class Removals<K, V> {

  private final String name;
  private final CirrusClient client;
  private final int batchSize;
  private final Encoding<K, V> encoding;
  private final ExpiryCalculator expiry;
  private final ExpiryFollowUp followUp;
  private final NearPolicy<K, V> near;
  private final EventFiring<K, V> events;
  private final StatsRecorder stats;
  private final LoaderWriter<K, V> io;

  Removals(CacheParts<K, V> parts) {
    this.name = parts.name();
    this.client = parts.client();
    this.batchSize = parts.batchSize();
    this.encoding = parts.encoding();
    this.expiry = parts.expiry();
    this.followUp = parts.followUp();
    this.near = parts.near();
    this.events = parts.events();
    this.stats = parts.stats();
    this.io = parts.io();
  }

  boolean remove(K key) {
    long start = stats.startTimer();
    ByteString k = encoding.key(key);
    if (io.writesThrough()) {
      io.delete(key);
    }
    RemovalOutcome r = client.delete(name, EntryRemoval.always(k, events.listening()));
    finish(key, k, r);
    stats.removeTime(start);
    return r.removed();
  }

  V getAndRemove(K key) {
    long start = stats.startTimer();
    ByteString k = encoding.key(key);
    if (io.writesThrough()) {
      io.delete(key);
    }
    RemovalOutcome r = client.delete(name, EntryRemoval.always(k, true));
    finish(key, k, r);
    if (r.hadPrevious()) {
      stats.hits(1);
    } else {
      stats.misses(1);
    }
    stats.getTime(start);
    stats.removeTime(start);
    return r.hadPrevious() ? encoding.readValue(r.previousValue()) : null;
  }

  boolean remove(K key, V oldValue) {
    long start = stats.startTimer();
    ByteString k = encoding.key(key);
    ByteString expected = encoding.value(oldValue);
    if (io.writesThrough()) {
      ReadOutcome current = client.get(name, k, null);
      if (current.found() && current.value().equals(expected)) {
        io.delete(key);
      }
    }
    // JCache counts a remove whose expected value did not match as an access of the entry.
    RemovalOutcome r = client.delete(name, new EntryRemoval(k,
        EntryRemoval.Condition.VALUE_EQUALS, expected, 0, expiry.accessUpFront(),
        events.listening()));
    finish(key, k, r);
    if (r.removed()) {
      stats.hits(1);
      stats.removeTime(start);
    } else if (r.hadPrevious()) {
      stats.hits(1);
      followUp.settleAccess(k, r.version());
    } else {
      stats.misses(1);
    }
    return r.removed();
  }

  void removeAll(Set<? extends K> keys) {
    Map<K, ByteString> encoded = new LinkedHashMap<>();
    for (K key : keys) {
      // every key is type-checked and encoded before anything is written through or removed
      encoded.put(key, encoding.key(key));
    }
    removeEncoded(encoded);
  }

  /** Removes every entry, one page of keys at a time, with events and the writer as for removeAll(keys). */
  void removeAll() {
    Map<K, ByteString> encoded = new LinkedHashMap<>();
    ScanPage page = null;
    do {
      ByteString cursor = page == null ? ByteString.EMPTY : page.nextCursor();
      page = client.scan(name, cursor, batchSize, false, null);
      for (ScanPage.Entry e : page.entries()) {
        encoded.put(encoding.decodeKey(e.key()), e.key());
      }
    } while (!page.last());
    removeEncoded(encoded);
  }

  /** Writes the removals through (keeping only what the writer managed), then removes them. */
  private void removeEncoded(Map<K, ByteString> encoded) {
    long start = stats.startTimer();
    RuntimeException writerFailure = null;
    if (io.writesThrough() && !encoded.isEmpty()) {
      BatchOutcome<K> outcome = io.deleteAll(new ArrayList<>(encoded.keySet()));
      encoded.keySet().retainAll(outcome.succeeded());
      writerFailure = outcome.failure();
    }
    deleteAll(encoded);
    stats.removeTime(start);
    if (writerFailure != null) {
      throw writerFailure;
    }
  }

  void clear() {
    client.clear(name);
    near.clear();
  }

  private void deleteAll(Map<K, ByteString> encoded) {
    List<K> keys = new ArrayList<>(encoded.keySet());
    for (List<K> chunk : Batches.chunks(keys, batchSize, key -> encoded.get(key).size(),
        Batches.MAX_BYTES)) {
      List<EntryRemoval> removals = new ArrayList<>(chunk.size());
      for (K key : chunk) {
        removals.add(EntryRemoval.always(encoded.get(key), events.listening()));
      }
      List<RemovalOutcome> results = client.deleteBatch(name, removals);
      for (int i = 0; i < chunk.size(); i++) {
        finish(chunk.get(i), removals.get(i).key(), results.get(i));
      }
    }
  }

  private void finish(K key, ByteString k, RemovalOutcome r) {
    near.remove(key, k);
    events.fireExpired(key, r.expiredValue());
    if (r.removed()) {
      stats.removals(1);
      events.fireRemoved(key, r.previousValue());
    }
  }
}
