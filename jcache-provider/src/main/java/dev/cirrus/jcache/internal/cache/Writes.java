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
import java.util.Set;

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
    PutAll<K, V> all = new PutAll<>(entries.size());
    boolean send = keepsNoBytes();
    entries.forEach((key, value) -> all.add(key, value, encoding.key(key),
        send ? encoding.valueToSend(value) : encoding.value(value)));
    // A putAll goes in several calls when large: check every entry against the server's limits
    // first, so that an oversized one refuses the whole putAll instead of following applied calls.
    client.checkSizes("putAll", all.k, all.v);
    RuntimeException writerFailure = null;
    if (io.writesThrough() && !all.keys.isEmpty()) {
      BatchOutcome<K> outcome = io.writeAll(all.asMap());
      all.retain(outcome.succeeded());
      writerFailure = outcome.failure();
    }
    long epoch = near.epoch();
    int from = 0;
    for (int end : Batches.ends(all.keys.size(), batchSize,
        i -> all.k.get(i).size() + all.v.get(i).size(), Batches.MAX_BYTES)) {
      // Every write of a putAll has the same terms: the TTLs sent are the cache's standard ones
      // (ExpiryCalculator's up-front TTLs), a custom policy being asked per entry after the write.
      EntryWrite terms = write(null, null, Condition.ALWAYS, events.listening(), null);
      List<WriteOutcome> results = client.setBatch(name, all.k.subList(from, end),
          all.v.subList(from, end), terms);
      for (int i = from; i < end; i++) {
        K key = all.keys.get(i);
        ByteString k = all.k.get(i);
        WriteOutcome r = results.get(i - from);
        boolean gone = followUp.settleWrite(k, r);
        near.afterWrite(key, k, all.v.get(i), r, gone, epoch);
        if (!gone) {
          stats.puts(1);
        }
        events.fireWrite(key, all.values.get(i), r, gone);
      }
      from = end;
    }
    stats.putTime(start);
    if (writerFailure != null) {
      throw writerFailure;
    }
  }

  /**
   * The entries of a putAll in the map's order, each with its encoded key and value, side by side
   * in lists rather than in maps of holders: a putAll of small values allocated about as much for
   * its bookkeeping as for its bytes.
   */
  private static final class PutAll<K, V> {
    final List<K> keys;
    final List<V> values;
    final List<ByteString> k;
    final List<ByteString> v;

    PutAll(int expected) {
      keys = new ArrayList<>(expected);
      values = new ArrayList<>(expected);
      k = new ArrayList<>(expected);
      v = new ArrayList<>(expected);
    }

    void add(K key, V value, ByteString encodedKey, ByteString encodedValue) {
      keys.add(key);
      values.add(value);
      k.add(encodedKey);
      v.add(encodedValue);
    }

    /** The entries as the writer takes them, in order. */
    Map<K, V> asMap() {
      Map<K, V> map = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        map.put(keys.get(i), values.get(i));
      }
      return map;
    }

    /** Keeps only the entries whose key is in {@code kept}, in order. */
    void retain(Set<? extends K> kept) {
      int to = 0;
      for (int i = 0; i < keys.size(); i++) {
        if (kept.contains(keys.get(i))) {
          keys.set(to, keys.get(i));
          values.set(to, values.get(i));
          k.set(to, k.get(i));
          v.set(to, v.get(i));
          to++;
        }
      }
      for (List<?> list : List.of(keys, values, k, v)) {
        list.subList(to, list.size()).clear();
      }
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
