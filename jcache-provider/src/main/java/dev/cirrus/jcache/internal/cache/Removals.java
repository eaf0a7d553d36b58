package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.EntryRemoval;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.RemovalOutcome;
import dev.cirrus.jcache.internal.client.ScanPage;
import dev.cirrus.jcache.internal.integration.LoaderWriter.BatchOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** remove and its conditional forms, removeAll and clear. */
final class Removals<K, V> {

  private final CacheContext<K, V> ctx;

  Removals(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  boolean remove(K key) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    if (ctx.io.writesThrough()) {
      ctx.io.delete(key);
    }
    RemovalOutcome r = ctx.client.delete(ctx.name, EntryRemoval.always(k, ctx.listening()));
    finish(key, k, r);
    ctx.removeTime(start);
    return r.removed();
  }

  V getAndRemove(K key) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    if (ctx.io.writesThrough()) {
      ctx.io.delete(key);
    }
    RemovalOutcome r = ctx.client.delete(ctx.name, EntryRemoval.always(k, true));
    finish(key, k, r);
    if (r.hadPrevious()) {
      ctx.hits(1);
    } else {
      ctx.misses(1);
    }
    ctx.getTime(start);
    ctx.removeTime(start);
    return r.hadPrevious() ? ctx.decodeValue(r.previousValue()) : null;
  }

  boolean remove(K key, V oldValue) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    ByteString expected = ctx.value(oldValue);
    if (ctx.io.writesThrough()) {
      ReadOutcome current = ctx.client.get(ctx.name, k, null);
      if (current.found() && current.value().equals(expected)) {
        ctx.io.delete(key);
      }
    }
    // JCache counts a remove whose expected value did not match as an access of the entry.
    RemovalOutcome r = ctx.client.delete(ctx.name, new EntryRemoval(k,
        EntryRemoval.Condition.VALUE_EQUALS, expected, 0, ctx.expiry.accessUpFront(),
        ctx.listening()));
    finish(key, k, r);
    if (r.removed()) {
      ctx.hits(1);
      ctx.removeTime(start);
    } else if (r.hadPrevious()) {
      ctx.hits(1);
      ctx.settleAccessExpiry(k, r.version());
    } else {
      ctx.misses(1);
    }
    return r.removed();
  }

  void removeAll(Set<? extends K> keys) {
    Map<K, ByteString> encoded = new LinkedHashMap<>();
    for (K key : keys) {
      // every key is type-checked and encoded before anything is written through or removed
      encoded.put(key, ctx.key(key));
    }
    removeEncoded(encoded);
  }

  /** Removes every entry, one page of keys at a time, with events and the writer as for removeAll(keys). */
  void removeAll() {
    Map<K, ByteString> encoded = new LinkedHashMap<>();
    ScanPage page = null;
    do {
      ByteString cursor = page == null ? ByteString.EMPTY : page.nextCursor();
      page = ctx.client.scan(ctx.name, cursor, ctx.resources.batchSize(), false, null);
      for (ScanPage.Entry e : page.entries()) {
        encoded.put(ctx.decodeKey(e.key()), e.key());
      }
    } while (!page.last());
    removeEncoded(encoded);
  }

  /** Writes the removals through (keeping only what the writer managed), then removes them. */
  private void removeEncoded(Map<K, ByteString> encoded) {
    long start = ctx.startTimer();
    RuntimeException writerFailure = null;
    if (ctx.io.writesThrough() && !encoded.isEmpty()) {
      BatchOutcome<K> outcome = ctx.io.deleteAll(new ArrayList<>(encoded.keySet()));
      encoded.keySet().retainAll(outcome.succeeded());
      writerFailure = outcome.failure();
    }
    deleteAll(encoded);
    ctx.removeTime(start);
    if (writerFailure != null) {
      throw writerFailure;
    }
  }

  void clear() {
    ctx.client.clear(ctx.name);
    ctx.near.clear();
  }

  private void deleteAll(Map<K, ByteString> encoded) {
    List<K> keys = new ArrayList<>(encoded.keySet());
    for (List<K> chunk : Batches.chunks(keys, ctx.resources.batchSize())) {
      List<EntryRemoval> removals = new ArrayList<>(chunk.size());
      for (K key : chunk) {
        removals.add(EntryRemoval.always(encoded.get(key), ctx.listening()));
      }
      List<RemovalOutcome> results = ctx.client.deleteBatch(ctx.name, removals);
      for (int i = 0; i < chunk.size(); i++) {
        finish(chunk.get(i), removals.get(i).key(), results.get(i));
      }
    }
  }

  private void finish(K key, ByteString k, RemovalOutcome r) {
    ctx.nearRemove(key, k);
    ctx.fireExpired(key, r.expiredValue());
    if (r.removed()) {
      ctx.removals(1);
      ctx.fireRemoved(key, r.previousValue());
    }
  }
}
