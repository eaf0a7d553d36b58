package dev.cirrus.jcache.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.near.NearEntry;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.proto.v1.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
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
    ReadResult r = ctx.client.get(GetRequest.newBuilder()
        .setCache(ctx.name).setKey(k).setAccessTtl(ctx.expiry.accessUpFront()).build());
    if (r.hasExpired()) {
      ctx.fireExpired(key, r.getExpired());
    }
    if (r.getFound()) {
      V value = ctx.decodeValue(r.getValue());
      ctx.nearAfterRead(key, k, r, ctx.settleAccessExpiry(k, r.getVersion()), epoch);
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
    WriteResult r = ctx.client.set(SetRequest.newBuilder().setCache(ctx.name)
        .setWrite(Write.newBuilder().setKey(k).setValue(v)
            .setCondition(SetCondition.SET_CONDITION_IF_ABSENT)
            .setCreateTtl(ctx.expiry.creationUpFront()))
        .build());
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
      GetBatchRequest.Builder request = GetBatchRequest.newBuilder()
          .setCache(ctx.name).setAccessTtl(ctx.expiry.accessUpFront()).addAllKeys(encoded);
      List<ReadResult> results = ctx.client.getBatch(request.build());
      for (int i = 0; i < chunk.size(); i++) {
        ReadResult r = results.get(i);
        K key = chunk.get(i);
        if (r.hasExpired()) {
          ctx.fireExpired(key, r.getExpired());
        }
        if (r.getFound()) {
          found.put(key, ctx.decodeValue(r.getValue()));
          ByteString k = encoded.get(i);
          ctx.nearAfterRead(key, k, r, ctx.settleAccessExpiry(k, r.getVersion()), epoch);
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
    return ctx.client.contains(ContainsRequest.newBuilder()
        .setCache(ctx.name).setKey(k).build()).getFound();
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
      SetBatchRequest.Builder request = SetBatchRequest.newBuilder().setCache(ctx.name);
      Map<Integer, ByteString> encoded = new HashMap<>();
      Map<Integer, ByteString> values = new HashMap<>();
      for (int i = 0; i < chunk.size(); i++) {
        K key = chunk.get(i);
        ByteString k = ctx.key(key);
        encoded.put(i, k);
        values.put(i, ctx.value(loaded.get(key)));
        request.addWrites(Write.newBuilder().setKey(k).setValue(values.get(i))
            .setCondition(replace ? SetCondition.SET_CONDITION_ALWAYS : SetCondition.SET_CONDITION_IF_ABSENT)
            .setCreateTtl(ctx.expiry.creationUpFront())
            .setUpdateTtl(ctx.expiry.updateUpFront())
            .setReturnPrevious(ctx.listening()));
      }
      List<WriteResult> results = ctx.client.setBatch(request.build());
      for (int i = 0; i < chunk.size(); i++) {
        WriteResult r = results.get(i);
        K key = chunk.get(i);
        boolean gone = ctx.settleWriteExpiry(encoded.get(i), r);
        ctx.nearAfterWrite(key, encoded.get(i), values.get(i), r, gone, epoch);
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
