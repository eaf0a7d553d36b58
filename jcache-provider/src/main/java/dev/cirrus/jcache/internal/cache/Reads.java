package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.EntryWrite;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.near.NearEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.integration.CompletionListener;

/** get, getAll, containsKey and loadAll, with read-through. */
final class Reads<K, V> {

  private final CacheContext<K, V> ctx;
  private final InFlight inFlight = new InFlight();

  Reads(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  V get(K key) {
    long start = ctx.startTimer();
    Object nearKey = ctx.nearKeyFor(key);
    NearEntry near = nearKey == null ? null : ctx.near.lookup(nearKey);
    if (near != null) {
      ctx.settleNearHit(key, nearKey, near.version());
      V value = ctx.nearValue(near);
      ctx.hits(1);
      ctx.getTime(start);
      return value;
    }
    ByteString k = ctx.key(key, nearKey);
    long epoch = ctx.near.epoch();
    ReadOutcome r = ctx.client.get(ctx.name, k, ctx.expiry.accessUpFront());
    ctx.fireExpired(key, r.expiredValue());
    if (r.found()) {
      V value = ctx.decodeValue(r.value());
      ctx.nearAfterRead(key, k, r, ctx.settleAccessExpiry(k, r.version()), epoch);
      ctx.hits(1);
      ctx.getTime(start);
      return value;
    }
    ctx.misses(1);
    V loaded = null;
    if (ctx.io.readsThrough()) {
      loaded = ctx.io.load(key);
      if (loaded != null) {
        storeLoaded(key, k, loaded);
      }
    }
    ctx.getTime(start);
    return loaded;
  }

  /** Puts a loaded value unless someone wrote the key meanwhile; the writer is not called. */
  void storeLoaded(K key, ByteString k, V value) {
    long epoch = ctx.near.epoch();
    ByteString v = ctx.value(value);
    WriteOutcome r = ctx.client.set(ctx.name, EntryWrite.of(k, v, EntryWrite.Condition.IF_ABSENT,
        ctx.expiry.creationUpFront(), null, false));
    boolean gone = ctx.settleWriteExpiry(k, r);
    ctx.nearAfterWrite(key, k, v, r, gone, epoch);
    // A loaded value is not a put in the statistics: the application did not write it.
    ctx.fireWrite(key, value, r, gone);
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    long start = ctx.startTimer();
    List<K> ordered = new ArrayList<>(keys.size());
    List<ByteString> orderedBytes = new ArrayList<>(keys.size());
    Map<K, V> found = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      Object nearKey = ctx.nearKeyFor(key);
      NearEntry near = nearKey == null ? null : ctx.near.lookup(nearKey);
      if (near != null) {
        ctx.settleNearHit(key, nearKey, near.version());
        found.put(key, ctx.nearValue(near));
      } else {
        ordered.add(key);
        orderedBytes.add(ctx.key(key, nearKey));
      }
    }
    long epoch = ctx.near.epoch();
    int offset = 0;
    for (List<K> chunk : Batches.chunks(ordered, ctx.resources.batchSize())) {
      List<ByteString> encoded = orderedBytes.subList(offset, offset + chunk.size());
      offset += chunk.size();
      List<ReadOutcome> results =
          ctx.client.getBatch(ctx.name, encoded, ctx.expiry.accessUpFront());
      for (int i = 0; i < chunk.size(); i++) {
        ReadOutcome r = results.get(i);
        K key = chunk.get(i);
        ctx.fireExpired(key, r.expiredValue());
        if (r.found()) {
          found.put(key, ctx.decodeValue(r.value()));
          ByteString k = encoded.get(i);
          ctx.nearAfterRead(key, k, r, ctx.settleAccessExpiry(k, r.version()), epoch);
        } else {
          missing.add(key);
        }
      }
    }
    ctx.hits(found.size());
    ctx.misses(missing.size());
    if (!missing.isEmpty() && ctx.io.readsThrough()) {
      Map<K, V> loaded = ctx.io.loadAll(missing);
      storeAllLoaded(loaded, false);
      found.putAll(loaded);
    }
    ctx.getTime(start);
    return found;
  }

  /**
   * Waits for loadAll tasks still running, so the loader is not closed under them (bounded: a
   * loader that hangs must not hang close()).
   */
  void awaitLoads() {
    inFlight.await(java.time.Duration.ofSeconds(10));
  }

  boolean containsKey(K key) {
    Object nearKey = ctx.nearKeyFor(key);
    if (nearKey != null && ctx.near.lookup(nearKey) != null) {
      return true;
    }
    ByteString k = ctx.key(key, nearKey);
    return ctx.client.contains(ctx.name, k);
  }

  void loadAll(Set<? extends K> keys, boolean replaceExisting, CompletionListener listener) {
    CompletionListener done = listener == null ? NO_LISTENER : listener;
    if (!ctx.io.hasLoader()) {
      done.onCompletion();
      return;
    }
    List<K> requested = new ArrayList<>(keys);
    inFlight.track(ctx.resources.asyncExecutor(), () -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : requested) {
          if (replaceExisting || !containsKey(key)) {
            toLoad.add(key);
          }
        }
        if (!toLoad.isEmpty()) {
          storeAllLoaded(ctx.io.loadAll(toLoad), replaceExisting);
        }
        done.onCompletion();
      } catch (Exception e) {
        done.onException(e);
      }
    });
  }

  /** Stores loaded entries (replacing existing ones or only where absent) without the writer. */
  private void storeAllLoaded(Map<K, V> loaded, boolean replace) {
    List<K> keys = new ArrayList<>(loaded.keySet());
    long epoch = ctx.near.epoch();
    for (List<K> chunk : Batches.chunks(keys, ctx.resources.batchSize())) {
      List<EntryWrite> writes = new ArrayList<>(chunk.size());
      for (K key : chunk) {
        writes.add(EntryWrite.of(ctx.key(key), ctx.value(loaded.get(key)),
            replace ? EntryWrite.Condition.ALWAYS : EntryWrite.Condition.IF_ABSENT,
            ctx.expiry.creationUpFront(), ctx.expiry.updateUpFront(), ctx.listening()));
      }
      List<WriteOutcome> results = ctx.client.setBatch(ctx.name, writes);
      for (int i = 0; i < chunk.size(); i++) {
        WriteOutcome r = results.get(i);
        K key = chunk.get(i);
        EntryWrite w = writes.get(i);
        boolean gone = ctx.settleWriteExpiry(w.key(), r);
        ctx.nearAfterWrite(key, w.key(), w.value(), r, gone, epoch);
        ctx.fireWrite(key, loaded.get(key), r, gone);
      }
    }
  }

  private static final CompletionListener NO_LISTENER = new CompletionListener() {
    @Override
    public void onCompletion() {}

    @Override
    public void onException(Exception e) {}
  };
}
