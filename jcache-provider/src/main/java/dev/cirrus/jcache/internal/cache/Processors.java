package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.EntryRemoval;
import dev.cirrus.jcache.internal.client.EntryWrite;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.RemovalOutcome;
import dev.cirrus.jcache.internal.client.Ttl;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.integration.LoaderWriter;
import dev.cirrus.jcache.internal.processor.ProcessorEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * invoke and invokeAll: read the entry with its version, run the processor here, commit its net
 * effect with a compare-and-set on that version, and run it again if another writer got there
 * first. The state is known at commit time, so the expiry policy is asked exactly for the case
 * that happened.
 */
final class Processors<K, V> {

  /** Far beyond any real contention; reaching it means something is wrong, not merely busy. */
  private static final int MAX_ATTEMPTS = 10_000;

  private final String name;
  private final CirrusClient client;
  private final Encoding<K, V> encoding;
  private final ExpiryCalculator expiry;
  private final ExpiryFollowUp followUp;
  private final NearPolicy<K, V> near;
  private final EventFiring<K, V> events;
  private final StatsRecorder stats;
  private final LoaderWriter<K, V> io;
  private final ConcurrentHashMap<ByteString, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

  Processors(CacheParts<K, V> parts) {
    this.name = parts.name();
    this.client = parts.client();
    this.encoding = parts.encoding();
    this.expiry = parts.expiry();
    this.followUp = parts.followUp();
    this.near = parts.near();
    this.events = parts.events();
    this.stats = parts.stats();
    this.io = parts.io();
  }

  <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    ByteString k = encoding.key(key);
    CompletableFuture<Void> mine = awaitTurn(k);
    try {
      return invokeInTurn(key, k, processor, arguments);
    } finally {
      running.remove(k, mine);
      mine.complete(null);
    }
  }

  /**
   * Waits until no other invoke of this client runs on the key. Across clients the version check
   * keeps invocations atomic; within one client, taking turns also keeps a processor from running
   * twice for one outcome (Spring's {@code @Cacheable(sync = true)} relies on that). No lock is
   * held: a later caller waits on the earlier caller's future.
   */
  private CompletableFuture<Void> awaitTurn(ByteString k) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    while (true) {
      CompletableFuture<Void> before = running.putIfAbsent(k, mine);
      if (before == null) {
        return mine;
      }
      before.join();
    }
  }

  private <T> T invokeInTurn(K key, ByteString k, EntryProcessor<K, V, T> processor, Object... arguments) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      long start = stats.startTimer();
      long epoch = near.epoch();
      ReadOutcome read = client.get(name, k, null);
      events.fireExpired(key, read.expiredValue());
      // An entry that cannot be decoded (on-undecodable=miss) looks absent to the processor; a
      // value it sets replaces that entry as long as it is still the one read.
      V current = read.found() ? encoding.readValue(read.value()) : null;
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, current,
          io.readsThrough() ? io::load : null);
      T result;
      try {
        result = processor.process(entry, arguments);
      } catch (CacheException e) {
        throw e;
      } catch (Exception e) {
        throw new EntryProcessorException(e);
      }
      if (commit(key, k, entry, read, start, epoch)) {
        return result;
      }
    }
    throw new CacheException("Entry processor on key " + key + " of cache '" + name
        + "' could not commit after " + MAX_ATTEMPTS + " attempts: other clients kept writing"
        + " the entry");
  }

  <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
    Map<K, EntryProcessorResult<T>> results = new LinkedHashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (EntryProcessorException e) {
        results.put(key, () -> {
          throw e;
        });
      } catch (RuntimeException e) {
        EntryProcessorException wrapped = new EntryProcessorException(e);
        results.put(key, () -> {
          throw wrapped;
        });
      }
    }
    return results;
  }

  /** Applies the processor's effect; false when the entry changed since it was read. */
  private boolean commit(
      K key, ByteString k, ProcessorEntry<K, V> entry, ReadOutcome read, long start, long epoch) {
    switch (entry.action()) {
      case NONE:
        stats.read(read.found());
        return true;
      case ACCESS:
        stats.hits(1);
        Ttl access = expiry.forAccess();
        if (!access.isUnchanged()) {
          followUp.touch(k, access, read.version());
          near.remove(key, k);
        }
        stats.getTime(start);
        return true;
      case LOAD:
      case CREATE:
        if (entry.action() == ProcessorEntry.Action.CREATE && io.writesThrough()) {
          io.write(key, entry.getValue());
        }
        return applySet(key, k, entry, read, read.found()
            ? EntryWrite.Condition.VERSION_EQUALS : EntryWrite.Condition.IF_ABSENT,
            expiry.forCreation(), start, epoch);
      case UPDATE:
        if (io.writesThrough()) {
          io.write(key, entry.getValue());
        }
        return applySet(key, k, entry, read, EntryWrite.Condition.VERSION_EQUALS,
            expiry.forUpdate(), start, epoch);
      case REMOVE:
        if (io.writesThrough()) {
          io.delete(key);
        }
        if (!read.found()) {
          stats.misses(1); // removing an absent entry: the writer heard it, the cache has nothing to do
          return true;
        }
        RemovalOutcome removed = client.delete(name, new EntryRemoval(k,
            EntryRemoval.Condition.VERSION_EQUALS, null, read.version(), null, false));
        near.remove(key, k);
        if (!removed.removed()) {
          return false;
        }
        stats.hits(1);
        stats.removals(1);
        events.fireRemoved(key, read.value());
        stats.removeTime(start);
        return true;
      default:
        throw new IllegalStateException("unknown processor action " + entry.action());
    }
  }

  private boolean applySet(
      K key, ByteString k, ProcessorEntry<K, V> entry, ReadOutcome read,
      EntryWrite.Condition condition, Ttl ttl, long start, long epoch) {
    V value = entry.getValue();
    ByteString v = encoding.value(value);
    boolean creates = condition == EntryWrite.Condition.IF_ABSENT;
    WriteOutcome r = client.set(name, new EntryWrite(k, v, condition, null,
        read.version(), creates ? ttl : null, creates ? null : ttl, null, false));
    if (!r.applied()) {
      return false;
    }
    stats.read(read.found());
    boolean gone = r.expiredOnWrite();
    near.afterExactWrite(key, k, v, r, gone, epoch);
    if (!gone && entry.action() != ProcessorEntry.Action.LOAD) {
      stats.puts(1); // a loaded value is not a put: the application did not write it
    }
    events.fireExpired(key, r.expiredValue());
    if (!gone) {
      if (r.created()) {
        events.fireCreated(key, value);
      } else {
        events.fireUpdated(key, value, read.value(), true);
      }
    }
    stats.putTime(start);
    return true;
  }
}
