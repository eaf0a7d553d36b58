package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.EntryWrite;
import dev.cirrus.jcache.internal.client.EntryWrite.Condition;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.integration.LoaderWriter.BatchOutcome;
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
    WriteOutcome r = set(k, v, Condition.ALWAYS, ctx.listening(), null);
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
    WriteOutcome r = set(k, v, Condition.ALWAYS, true, null);
    boolean gone = ctx.settleWriteExpiry(k, r);
    ctx.nearAfterWrite(key, k, v, r, gone, epoch);
    V previous = r.hadPrevious() ? ctx.decodeValue(r.previousValue()) : null;
    countRead(r.hadPrevious());
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
      List<EntryWrite> writes = new ArrayList<>(chunk.size());
      for (K key : chunk) {
        ByteString[] kv = encoded.get(key);
        writes.add(write(kv[0], kv[1], Condition.ALWAYS, ctx.listening(), null));
      }
      List<WriteOutcome> results = ctx.client.setBatch(ctx.name, writes);
      for (int i = 0; i < chunk.size(); i++) {
        K key = chunk.get(i);
        WriteOutcome r = results.get(i);
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
    WriteOutcome r = set(k, v, Condition.IF_ABSENT, false, null);
    boolean created = r.created();
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
    WriteOutcome r = set(k, v, Condition.IF_PRESENT, wantPrevious || ctx.listening(), null);
    if (!r.updated()) {
      ctx.fireExpired(key, r.expiredValue());
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
    return new Replaced<>(wantPrevious ? ctx.decodeValue(r.previousValue()) : null);
  }

  boolean replace(K key, V oldValue, V newValue) {
    long start = ctx.startTimer();
    ByteString k = ctx.key(key);
    ByteString expected = ctx.value(oldValue);
    ByteString v = ctx.value(newValue);
    if (ctx.io.writesThrough()) {
      ReadOutcome current = ctx.client.get(ctx.name, k, null);
      if (!current.found()) {
        ctx.misses(1);
        return false;
      }
      if (current.value().equals(expected)) {
        ctx.io.write(key, newValue);
      }
    }
    long epoch = ctx.near.epoch();
    WriteOutcome r = set(k, v, Condition.VALUE_EQUALS, ctx.listening(), expected);
    if (r.updated()) {
      boolean gone = ctx.settleWriteExpiry(k, r);
      ctx.nearAfterWrite(key, k, v, r, gone, epoch);
      ctx.hits(1);
      ctx.puts(1);
      ctx.fireWrite(key, newValue, r, gone);
      ctx.putTime(start);
      return true;
    }
    ctx.fireExpired(key, r.expiredValue());
    if (r.hadPrevious()) {
      ctx.hits(1);
      if (!ctx.settleAccessExpiry(k, r.version()).isUnchanged()) {
        ctx.nearRemove(key, k);
      }
    } else {
      ctx.misses(1);
    }
    return false;
  }

  private boolean exists(ByteString k) {
    return ctx.client.contains(ctx.name, k);
  }

  private void countRead(boolean hit) {
    if (hit) {
      ctx.hits(1);
    } else {
      ctx.misses(1);
    }
  }

  private WriteOutcome set(
      ByteString k, ByteString v, Condition condition, boolean returnPrevious, ByteString expected) {
    return ctx.client.set(ctx.name, write(k, v, condition, returnPrevious, expected));
  }

  /** @param expected the value the entry must hold, for VALUE_EQUALS; else null */
  private EntryWrite write(
      ByteString k, ByteString v, Condition condition, boolean returnPrevious, ByteString expected) {
    // JCache counts a replace whose expected value did not match as an access of the entry.
    return new EntryWrite(k, v, condition, expected, 0, ctx.expiry.creationUpFront(),
        ctx.expiry.updateUpFront(), expected == null ? null : ctx.expiry.accessUpFront(),
        returnPrevious);
  }
}
