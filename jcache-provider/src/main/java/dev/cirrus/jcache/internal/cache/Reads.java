package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.EntryWrite;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.integration.LoaderWriter;
import dev.cirrus.jcache.internal.near.NearEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javax.cache.integration.CompletionListener;

/** get, getAll, containsKey and loadAll, with read-through. */
final class Reads<K, V> {

  private final String name;
  private final CirrusClient client;
  private final int batchSize;
  private final ExecutorService asyncExecutor;
  private final Encoding<K, V> encoding;
  private final ExpiryCalculator expiry;
  private final ExpiryFollowUp followUp;
  private final NearPolicy<K, V> near;
  private final EventFiring<K, V> events;
  private final StatsRecorder stats;
  private final LoaderWriter<K, V> io;
  private final InFlight inFlight = new InFlight();
  private final BatchReader batchReader;

  Reads(CacheParts<K, V> parts) {
    this.name = parts.name();
    this.client = parts.client();
    this.batchSize = parts.batchSize();
    this.asyncExecutor = parts.asyncExecutor();
    this.encoding = parts.encoding();
    this.expiry = parts.expiry();
    this.followUp = parts.followUp();
    this.near = parts.near();
    this.events = parts.events();
    this.stats = parts.stats();
    this.io = parts.io();
    this.batchReader = new BatchReader(name, client, batchSize);
  }

  V get(K key) {
    long start = stats.startTimer();
    Object nearKey = near.keyFor(key);
    NearEntry hit = near.lookup(nearKey);
    if (hit != null) {
      near.settleHit(key, nearKey, hit.version());
      V value = encoding.nearValue(hit);
      stats.hits(1);
      stats.getTime(start);
      return value;
    }
    ByteString k = near.key(key, nearKey);
    long epoch = near.epoch();
    ReadOutcome r = client.get(name, k, expiry.accessUpFront());
    events.fireExpired(key, r.expiredValue());
    // A near cache keeps the value's bytes, which the caller must not be able to change.
    V value = !r.found() ? null
        : near.enabled() ? encoding.readValue(r.value()) : encoding.readUnkeptValue(r);
    if (value != null) {
      near.afterRead(key, k, r, followUp.settleAccess(k, r.version()), epoch);
      stats.hits(1);
      stats.getTime(start);
      return value;
    }
    stats.misses(1);
    V loaded = null;
    if (io.readsThrough()) {
      loaded = io.load(key);
      if (loaded != null) {
        storeLoaded(key, k, loaded, r.found() ? r.version() : NO_VERSION);
      }
    }
    stats.getTime(start);
    return loaded;
  }

  /**
   * Puts a loaded value unless someone wrote the key meanwhile; the writer is not called.
   *
   * @param undecodableVersion the version of the entry the read could not decode, which the
   *     loaded value replaces (unless it changed meanwhile), or {@link #NO_VERSION} for an absent
   *     entry
   */
  void storeLoaded(K key, ByteString k, V value, long undecodableVersion) {
    long epoch = near.epoch();
    ByteString v = encoding.value(value);
    WriteOutcome r = client.set(name, loadedWrite(k, v, false, undecodableVersion));
    boolean gone = followUp.settleWrite(k, r);
    near.afterWrite(key, k, v, r, gone, epoch);
    // A loaded value is not a put in the statistics: the application did not write it.
    events.fireWrite(key, value, r, gone);
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    long start = stats.startTimer();
    List<K> ordered = new ArrayList<>(keys.size());
    List<ByteString> orderedBytes = new ArrayList<>(keys.size());
    // Sized for every key found, so that filling it never rehashes.
    Map<K, V> found = new LinkedHashMap<>(keys.size() * 4 / 3 + 1);
    List<K> missing = new ArrayList<>();
    // Entries that are there but could not be decoded: a loaded value replaces them.
    Map<K, Long> undecodable = new HashMap<>();
    for (K key : keys) {
      Object nearKey = near.keyFor(key);
      NearEntry hit = near.lookup(nearKey);
      if (hit != null) {
        near.settleHit(key, nearKey, hit.version());
        found.put(key, encoding.nearValue(hit));
      } else {
        ordered.add(key);
        orderedBytes.add(near.key(key, nearKey));
      }
    }
    long epoch = near.epoch();
    List<ReadOutcome> results = ordered.isEmpty()
        ? List.of() : batchReader.read(orderedBytes, expiry.accessUpFront(), near.enabled());
    for (int i = 0; i < ordered.size(); i++) {
      ReadOutcome r = results.get(i);
      K key = ordered.get(i);
      events.fireExpired(key, r.expiredValue());
      V value = r.found() ? encoding.readValue(r.value()) : null;
      if (value != null) {
        found.put(key, value);
        ByteString k = orderedBytes.get(i);
        near.afterRead(key, k, r, followUp.settleAccess(k, r.version()), epoch);
      } else {
        missing.add(key);
        if (r.found()) {
          undecodable.put(key, r.version());
        }
      }
    }
    stats.hits(found.size());
    stats.misses(missing.size());
    if (!missing.isEmpty() && io.readsThrough()) {
      Map<K, V> loaded = io.loadAll(missing);
      storeAllLoaded(loaded, false, undecodable);
      found.putAll(loaded);
    }
    stats.getTime(start);
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
    Object nearKey = near.keyFor(key);
    if (near.lookup(nearKey) != null) {
      return true;
    }
    ByteString k = near.key(key, nearKey);
    return client.contains(name, k);
  }

  void loadAll(Set<? extends K> keys, boolean replaceExisting, CompletionListener listener) {
    CompletionListener done = listener == null ? NO_LISTENER : listener;
    if (!io.hasLoader()) {
      done.onCompletion();
      return;
    }
    List<K> requested = new ArrayList<>(keys);
    inFlight.track(asyncExecutor, () -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : requested) {
          if (replaceExisting || !containsKey(key)) {
            toLoad.add(key);
          }
        }
        if (!toLoad.isEmpty()) {
          storeAllLoaded(io.loadAll(toLoad), replaceExisting, Map.of());
        }
        done.onCompletion();
      } catch (Exception e) {
        done.onException(e);
      }
    });
  }

  /**
   * Stores loaded entries (replacing existing ones or only where absent, or where the entry is
   * still the undecodable one a read met) without the writer.
   */
  private void storeAllLoaded(Map<K, V> loaded, boolean replace, Map<K, Long> undecodable) {
    List<K> keys = new ArrayList<>(loaded.keySet());
    Map<K, EntryWrite> all = new HashMap<>();
    for (K key : keys) {
      all.put(key, loadedWrite(encoding.key(key), encoding.value(loaded.get(key)), replace,
          undecodable.getOrDefault(key, NO_VERSION)));
    }
    long epoch = near.epoch();
    for (List<K> chunk : Batches.chunks(keys, batchSize,
        key -> all.get(key).key().size() + all.get(key).value().size(), Batches.MAX_BYTES)) {
      List<EntryWrite> writes = new ArrayList<>(chunk.size());
      for (K key : chunk) {
        writes.add(all.get(key));
      }
      List<WriteOutcome> results = client.setBatch(name, writes);
      for (int i = 0; i < chunk.size(); i++) {
        WriteOutcome r = results.get(i);
        K key = chunk.get(i);
        EntryWrite w = writes.get(i);
        boolean gone = followUp.settleWrite(w.key(), r);
        near.afterWrite(key, w.key(), w.value(), r, gone, epoch);
        events.fireWrite(key, loaded.get(key), r, gone);
      }
    }
  }

  /**
   * The write of a loaded value: over whatever is there ({@code replace}, loadAll's
   * replaceExisting), over the undecodable entry of {@code undecodableVersion} as long as it is
   * still that one (as a creation: the reader never saw a value), or only where absent.
   */
  private EntryWrite loadedWrite(ByteString k, ByteString v, boolean replace,
      long undecodableVersion) {
    if (replace) {
      return EntryWrite.of(k, v, EntryWrite.Condition.ALWAYS, expiry.creationUpFront(),
          expiry.updateUpFront(), events.listening());
    }
    if (undecodableVersion != NO_VERSION) {
      return new EntryWrite(k, v, EntryWrite.Condition.VERSION_EQUALS, null, undecodableVersion,
          expiry.creationUpFront(), expiry.creationUpFront(), null, events.listening());
    }
    return EntryWrite.of(k, v, EntryWrite.Condition.IF_ABSENT, expiry.creationUpFront(),
        expiry.updateUpFront(), events.listening());
  }

  /** No entry was there: a loaded value is stored only where still absent. */
  static final long NO_VERSION = -1;

  private static final CompletionListener NO_LISTENER = new CompletionListener() {
    @Override
    public void onCompletion() {}

    @Override
    public void onException(Exception e) {}
  };
}
