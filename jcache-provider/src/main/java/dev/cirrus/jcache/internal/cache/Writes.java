package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.EntryWrite;
import dev.cirrus.jcache.internal.client.EntryWrite.Condition;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.integration.LoaderWriter;
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

  Writes(CacheParts<K, V> parts) {
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

  void put(K key, V value) {
    long start = stats.startTimer();
    ByteString k = encoding.key(key);
    ByteString v = keepsNoBytes() ? encoding.valueToSend(value) : encoding.value(value);
    if (io.writesThrough()) {
      io.write(key, value);
    }
    long epoch = near.epoch();
    WriteOutcome r = set(k, v, Condition.ALWAYS, events.listening(), null);
    boolean gone = followUp.settleWrite(k, r);
    near.afterWrite(key, k, v, r, gone, epoch);
    if (!gone) {
      stats.puts(1);
    }
    events.fireWrite(key, value, r, gone);
    stats.putTime(start);
  }

  /**
   * Whether a put's value bytes are only sent: no near cache keeps them and no writer (user code)
   * runs between encoding and sending, so they may be a view of the caller's array.
   */
  private boolean keepsNoBytes() {
    return !near.enabled() && !io.writesThrough();
  }

  V getAndPut(K key, V value) {
    long start = stats.startTimer();
    ByteString k = encoding.key(key);
    ByteString v = encoding.value(value);
    if (io.writesThrough()) {
      io.write(key, value);
    }
    long epoch = near.epoch();
    WriteOutcome r = set(k, v, Condition.ALWAYS, true, null);
    boolean gone = followUp.settleWrite(k, r);
    near.afterWrite(key, k, v, r, gone, epoch);
    V previous = r.hadPrevious() ? encoding.readValue(r.previousValue()) : null;
    stats.read(r.hadPrevious());
    if (!gone) {
      stats.puts(1);
    }
    events.fireWrite(key, value, r, gone);
    stats.getTime(start);
    stats.putTime(start);
    return previous;
  }

  void putAll(Map<? extends K, ? extends V> entries) {
    long start = stats.startTimer();
    Map<K, V> pending = new LinkedHashMap<>();
    Map<K, ByteString[]> encoded = new LinkedHashMap<>();
    boolean send = keepsNoBytes();
    entries.forEach((key, value) -> {
      pending.put(key, value);
      encoded.put(key, new ByteString[] {encoding.key(key),
          send ? encoding.valueToSend(value) : encoding.value(value)});
    });
    // A putAll goes in several calls when large: check every entry against the server's limits
    // first, so that an oversized one refuses the whole putAll instead of following applied calls.
    List<EntryWrite> all = new ArrayList<>(encoded.size());
    // (Sizes only: no TTLs computed here, a custom ExpiryPolicy is asked once per write, when sent.)
    encoded.values().forEach(
        kv -> all.add(EntryWrite.of(kv[0], kv[1], Condition.ALWAYS, null, null, false)));
    client.checkSizes("putAll", all);
    RuntimeException writerFailure = null;
    if (io.writesThrough() && !pending.isEmpty()) {
      BatchOutcome<K> outcome = io.writeAll(pending);
      pending.keySet().retainAll(outcome.succeeded());
      writerFailure = outcome.failure();
    }
    List<K> keys = new ArrayList<>(pending.keySet());
    long epoch = near.epoch();
    for (List<K> chunk : Batches.chunks(keys, batchSize,
        key -> encoded.get(key)[0].size() + encoded.get(key)[1].size(), Batches.MAX_BYTES)) {
      List<EntryWrite> writes = new ArrayList<>(chunk.size());
      for (K key : chunk) {
        ByteString[] kv = encoded.get(key);
        writes.add(write(kv[0], kv[1], Condition.ALWAYS, events.listening(), null));
      }
      List<WriteOutcome> results = client.setBatch(name, writes);
      for (int i = 0; i < chunk.size(); i++) {
        K key = chunk.get(i);
        WriteOutcome r = results.get(i);
        boolean gone = followUp.settleWrite(encoded.get(key)[0], r);
        near.afterWrite(key, encoded.get(key)[0], encoded.get(key)[1], r, gone, epoch);
        if (!gone) {
          stats.puts(1);
        }
        events.fireWrite(key, pending.get(key), r, gone);
      }
    }
    stats.putTime(start);
    if (writerFailure != null) {
      throw writerFailure;
    }
  }

  boolean putIfAbsent(K key, V value) {
    long start = stats.startTimer();
    ByteString k = encoding.key(key);
    ByteString v = encoding.value(value);
    if (io.writesThrough()) {
      if (exists(k)) {
        stats.hits(1);
        return false;
      }
      io.write(key, value);
    }
    long epoch = near.epoch();
    WriteOutcome r = set(k, v, Condition.IF_ABSENT, false, null);
    boolean created = r.created();
    boolean gone = followUp.settleWrite(k, r);
    near.afterWrite(key, k, v, r, gone, epoch);
    if (created) {
      stats.misses(1);
      if (!gone) {
        stats.puts(1);
      }
    } else {
      stats.hits(1);
    }
    events.fireWrite(key, value, r, gone);
    stats.putTime(start);
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
    long start = stats.startTimer();
    ByteString k = encoding.key(key);
    ByteString v = encoding.value(value);
    if (io.writesThrough()) {
      if (!exists(k)) {
        stats.misses(1);
        return null;
      }
      io.write(key, value);
    }
    long epoch = near.epoch();
    WriteOutcome r = set(k, v, Condition.IF_PRESENT, wantPrevious || events.listening(), null);
    if (!r.updated()) {
      events.fireExpired(key, r.expiredValue());
      stats.misses(1);
      return null;
    }
    boolean gone = followUp.settleWrite(k, r);
    near.afterWrite(key, k, v, r, gone, epoch);
    stats.hits(1);
    stats.puts(1);
    events.fireWrite(key, value, r, gone);
    stats.putTime(start);
    if (wantPrevious) {
      stats.getTime(start);
    }
    return new Replaced<>(wantPrevious ? encoding.readValue(r.previousValue()) : null);
  }

  boolean replace(K key, V oldValue, V newValue) {
    long start = stats.startTimer();
    ByteString k = encoding.key(key);
    ByteString expected = encoding.value(oldValue);
    ByteString v = encoding.value(newValue);
    if (io.writesThrough()) {
      ReadOutcome current = client.get(name, k, null);
      if (!current.found()) {
        stats.misses(1);
        return false;
      }
      if (current.value().equals(expected)) {
        io.write(key, newValue);
      }
    }
    long epoch = near.epoch();
    WriteOutcome r = set(k, v, Condition.VALUE_EQUALS, events.listening(), expected);
    if (r.updated()) {
      boolean gone = followUp.settleWrite(k, r);
      near.afterWrite(key, k, v, r, gone, epoch);
      stats.hits(1);
      stats.puts(1);
      events.fireWrite(key, newValue, r, gone);
      stats.putTime(start);
      return true;
    }
    events.fireExpired(key, r.expiredValue());
    if (r.hadPrevious()) {
      stats.hits(1);
      if (!followUp.settleAccess(k, r.version()).isUnchanged()) {
        near.remove(key, k);
      }
    } else {
      stats.misses(1);
    }
    return false;
  }

  private boolean exists(ByteString k) {
    return client.contains(name, k);
  }

  private WriteOutcome set(
      ByteString k, ByteString v, Condition condition, boolean returnPrevious, ByteString expected) {
    return client.set(name, write(k, v, condition, returnPrevious, expected));
  }

  /** @param expected the value the entry must hold, for VALUE_EQUALS; else null */
  private EntryWrite write(
      ByteString k, ByteString v, Condition condition, boolean returnPrevious, ByteString expected) {
    // JCache counts a replace whose expected value did not match as an access of the entry.
    return new EntryWrite(k, v, condition, expected, 0, expiry.creationUpFront(),
        expiry.updateUpFront(), expected == null ? null : expiry.accessUpFront(),
        returnPrevious);
  }
}
