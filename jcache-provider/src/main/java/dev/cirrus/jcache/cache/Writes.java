package dev.cirrus.jcache.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.expiry.ExpiryCalculator;
import dev.cirrus.jcache.integration.LoaderWriter.BatchOutcome;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * put and its conditional forms. Each is one Set call carrying the condition; with write-through
 * the writer runs first (its failure leaves the cache unchanged), and conditional forms first check
 * the condition so the writer is only called when the cache will change.
 */
final class Writes<K, V> {

  private final CacheContext<K, V> ctx;

  Writes(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  void put(K key, V value) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    ByteString v = ctx.value(value);
    if (ctx.io.writesThrough()) {
      ctx.io.write(key, value);
    }
    long epoch = ctx.near.epoch();
    WriteResult r = set(k, v, SetCondition.SET_CONDITION_ALWAYS, ctx.listening(), null);
    boolean gone = ctx.settleWriteExpiry(k, r);
    ctx.nearAfterWrite(key, k, v, r, gone, epoch);
    if (!gone) {
      ctx.puts(1);
    }
    ctx.fireWrite(key, value, r, gone);
    ctx.putTime(start);
  }

  V getAndPut(K key, V value) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    ByteString v = ctx.value(value);
    if (ctx.io.writesThrough()) {
      ctx.io.write(key, value);
    }
    long epoch = ctx.near.epoch();
    WriteResult r = set(k, v, SetCondition.SET_CONDITION_ALWAYS, true, null);
    boolean gone = ctx.settleWriteExpiry(k, r);
    ctx.nearAfterWrite(key, k, v, r, gone, epoch);
    V previous = r.getHadPrevious() ? ctx.decodeValue(r.getPreviousValue()) : null;
    countRead(r.getHadPrevious());
    if (!gone) {
      ctx.puts(1);
    }
    ctx.fireWrite(key, value, r, gone);
    ctx.getTime(start);
    ctx.putTime(start);
    return previous;
  }

  void putAll(Map<? extends K, ? extends V> entries) {
    long start = ctx.startTimer();
    Map<K, V> pending = new LinkedHashMap<>();
    Map<K, ByteString[]> encoded = new LinkedHashMap<>();
    entries.forEach((key, value) -> {
      pending.put(key, value);
      encoded.put(key, new ByteString[] {ctx.key(key), ctx.value(value)});
    });
    RuntimeException writerFailure = null;
    if (ctx.io.writesThrough() && !pending.isEmpty()) {
      BatchOutcome<K> outcome = ctx.io.writeAll(pending);
      pending.keySet().retainAll(outcome.succeeded());
      writerFailure = outcome.failure();
    }
    List<K> keys = new ArrayList<>(pending.keySet());
    long epoch = ctx.near.epoch();
    for (List<K> chunk : Batches.chunks(keys, ctx.resources.batchSize())) {
      SetBatchRequest.Builder request = SetBatchRequest.newBuilder().setCache(ctx.name);
      for (K key : chunk) {
        ByteString[] kv = encoded.get(key);
        request.addWrites(write(kv[0], kv[1], SetCondition.SET_CONDITION_ALWAYS, ctx.listening(), null));
      }
      List<WriteResult> results = ctx.client.setBatch(request.build());
      for (int i = 0; i < chunk.size(); i++) {
        K key = chunk.get(i);
        WriteResult r = results.get(i);
        boolean gone = ctx.settleWriteExpiry(encoded.get(key)[0], r);
        ctx.nearAfterWrite(key, encoded.get(key)[0], encoded.get(key)[1], r, gone, epoch);
        if (!gone) {
          ctx.puts(1);
        }
        ctx.fireWrite(key, pending.get(key), r, gone);
      }
    }
    ctx.putTime(start);
    if (writerFailure != null) {
      throw writerFailure;
    }
  }

  boolean putIfAbsent(K key, V value) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    ByteString v = ctx.value(value);
    if (ctx.io.writesThrough()) {
      if (exists(k)) {
        ctx.hits(1);
        return false;
      }
      ctx.io.write(key, value);
    }
    long epoch = ctx.near.epoch();
    WriteResult r = set(k, v, SetCondition.SET_CONDITION_IF_ABSENT, false, null);
    boolean created = r.getOutcome() == WriteOutcome.WRITE_OUTCOME_CREATED;
    boolean gone = ctx.settleWriteExpiry(k, r);
    ctx.nearAfterWrite(key, k, v, r, gone, epoch);
    if (created) {
      ctx.misses(1);
      if (!gone) {
        ctx.puts(1);
      }
    } else {
      ctx.hits(1);
    }
    ctx.fireWrite(key, value, r, gone);
    ctx.putTime(start);
    return created;
  }

  boolean replace(K key, V value) {
    return replaceIfPresent(key, value, false) != null;
  }

  V getAndReplace(K key, V value) {
    Replaced<V> replaced = replaceIfPresent(key, value, true);
    return replaced == null ? null : replaced.previous();
  }

  /** A replace that happened; {@code previous} is the old value when it was asked for. */
  private record Replaced<V>(V previous) {}

  /** Replaces a present entry; returns null when the entry was absent. */
  private Replaced<V> replaceIfPresent(K key, V value, boolean wantPrevious) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    ByteString v = ctx.value(value);
    if (ctx.io.writesThrough()) {
      if (!exists(k)) {
        ctx.misses(1);
        return null;
      }
      ctx.io.write(key, value);
    }
    long epoch = ctx.near.epoch();
    WriteResult r = set(k, v, SetCondition.SET_CONDITION_IF_PRESENT,
        wantPrevious || ctx.listening(), null);
    if (r.getOutcome() != WriteOutcome.WRITE_OUTCOME_UPDATED) {
      if (r.hasExpired()) {
        ctx.fireExpired(key, r.getExpired());
      }
      ctx.misses(1);
      return null;
    }
    boolean gone = ctx.settleWriteExpiry(k, r);
    ctx.nearAfterWrite(key, k, v, r, gone, epoch);
    ctx.hits(1);
    ctx.puts(1);
    ctx.fireWrite(key, value, r, gone);
    ctx.putTime(start);
    if (wantPrevious) {
      ctx.getTime(start);
    }
    return new Replaced<>(wantPrevious ? ctx.decodeValue(r.getPreviousValue()) : null);
  }

  boolean replace(K key, V oldValue, V newValue) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    ByteString expected = ctx.value(oldValue);
    ByteString v = ctx.value(newValue);
    if (ctx.io.writesThrough()) {
      ReadResult current = ctx.client.get(GetRequest.newBuilder().setCache(ctx.name).setKey(k).build());
      if (!current.getFound()) {
        ctx.misses(1);
        return false;
      }
      if (current.getValue().equals(expected)) {
        ctx.io.write(key, newValue);
      }
    }
    long epoch = ctx.near.epoch();
    WriteResult r = set(k, v, SetCondition.SET_CONDITION_VALUE_EQUALS, ctx.listening(), expected);
    if (r.getOutcome() == WriteOutcome.WRITE_OUTCOME_UPDATED) {
      boolean gone = ctx.settleWriteExpiry(k, r);
      ctx.nearAfterWrite(key, k, v, r, gone, epoch);
      ctx.hits(1);
      ctx.puts(1);
      ctx.fireWrite(key, newValue, r, gone);
      ctx.putTime(start);
      return true;
    }
    if (r.hasExpired()) {
      ctx.fireExpired(key, r.getExpired());
    }
    if (r.getHadPrevious()) {
      ctx.hits(1);
      if (!ExpiryCalculator.isUnchanged(ctx.settleAccessExpiry(k, r.getVersion()))) {
        ctx.nearRemove(key, k);
      }
    } else {
      ctx.misses(1);
    }
    return false;
  }

  private boolean exists(ByteString k) {
    return ctx.client.contains(ContainsRequest.newBuilder().setCache(ctx.name).setKey(k).build())
        .getFound();
  }

  private void countRead(boolean hit) {
    if (hit) {
      ctx.hits(1);
    } else {
      ctx.misses(1);
    }
  }

  private WriteResult set(
      ByteString k, ByteString v, SetCondition condition, boolean returnPrevious, ByteString expected) {
    return ctx.client.set(SetRequest.newBuilder().setCache(ctx.name)
        .setWrite(write(k, v, condition, returnPrevious, expected)).build());
  }

  private Write write(
      ByteString k, ByteString v, SetCondition condition, boolean returnPrevious, ByteString expected) {
    Write.Builder w = Write.newBuilder()
        .setKey(k)
        .setValue(v)
        .setCondition(condition)
        .setCreateTtl(ctx.expiry.creationUpFront())
        .setUpdateTtl(ctx.expiry.updateUpFront())
        .setReturnPrevious(returnPrevious);
    if (expected != null) {
      // JCache counts a replace whose expected value did not match as an access of the entry.
      w.setExpectedValue(expected).setNotAppliedAccessTtl(ctx.expiry.accessUpFront());
    }
    return w.build();
  }
}
