package dev.cirrus.jcache.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.integration.LoaderWriter.BatchOutcome;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteCondition;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.Removal;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.ScanEntry;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
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
    RemovalResult r = delete(k, DeleteCondition.DELETE_CONDITION_ALWAYS, null, ctx.listening());
    finish(key, k, r);
    ctx.removeTime(start);
    return r.getRemoved();
  }

  V getAndRemove(K key) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    if (ctx.io.writesThrough()) {
      ctx.io.delete(key);
    }
    RemovalResult r = delete(k, DeleteCondition.DELETE_CONDITION_ALWAYS, null, true);
    finish(key, k, r);
    if (r.getHadPrevious()) {
      ctx.hits(1);
    } else {
      ctx.misses(1);
    }
    ctx.getTime(start);
    ctx.removeTime(start);
    return r.getHadPrevious() ? ctx.decodeValue(r.getPreviousValue()) : null;
  }

  boolean remove(K key, V oldValue) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    ByteString expected = ctx.value(oldValue);
    if (ctx.io.writesThrough()) {
      ReadResult current = ctx.client.get(GetRequest.newBuilder().setCache(ctx.name).setKey(k).build());
      if (current.getFound() && current.getValue().equals(expected)) {
        ctx.io.delete(key);
      }
    }
    RemovalResult r = delete(k, DeleteCondition.DELETE_CONDITION_VALUE_EQUALS, expected, ctx.listening());
    finish(key, k, r);
    if (r.getRemoved()) {
      ctx.hits(1);
      ctx.removeTime(start);
    } else if (r.getHadPrevious()) {
      ctx.hits(1);
      ctx.settleAccessExpiry(k, r.getVersion());
    } else {
      ctx.misses(1);
    }
    return r.getRemoved();
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
    ByteString cursor = ByteString.EMPTY;
    do {
      ScanResponse page = ctx.client.scan(ScanRequest.newBuilder().setCache(ctx.name)
          .setCursor(cursor).setLimit(ctx.resources.batchSize()).build());
      for (ScanEntry e : page.getEntriesList()) {
        encoded.put(ctx.decodeKey(e.getKey()), e.getKey());
      }
      cursor = page.getNextCursor();
    } while (!cursor.isEmpty());
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
      DeleteBatchRequest.Builder request = DeleteBatchRequest.newBuilder().setCache(ctx.name);
      for (K key : chunk) {
        request.addRemovals(removal(encoded.get(key), DeleteCondition.DELETE_CONDITION_ALWAYS, null,
            ctx.listening()));
      }
      List<RemovalResult> results = ctx.client.deleteBatch(request.build());
      for (int i = 0; i < chunk.size(); i++) {
        finish(chunk.get(i), request.getRemovals(i).getKey(), results.get(i));
      }
    }
  }

  private void finish(K key, ByteString k, RemovalResult r) {
    ctx.nearRemove(key, k);
    if (r.hasExpired()) {
      ctx.fireExpired(key, r.getExpired());
    }
    if (r.getRemoved()) {
      ctx.removals(1);
      ctx.fireRemoved(key, r.getPreviousValue());
    }
  }

  private RemovalResult delete(
      ByteString k, DeleteCondition condition, ByteString expected, boolean returnPrevious) {
    return ctx.client.delete(DeleteRequest.newBuilder().setCache(ctx.name)
        .setRemoval(removal(k, condition, expected, returnPrevious)).build());
  }

  private Removal removal(
      ByteString k, DeleteCondition condition, ByteString expected, boolean returnPrevious) {
    Removal.Builder r = Removal.newBuilder().setKey(k).setCondition(condition)
        .setReturnPrevious(returnPrevious);
    if (expected != null) {
      // JCache counts a remove whose expected value did not match as an access of the entry.
      r.setExpectedValue(expected).setNotAppliedAccessTtl(ctx.expiry.accessUpFront());
    }
    return r.build();
  }
}
