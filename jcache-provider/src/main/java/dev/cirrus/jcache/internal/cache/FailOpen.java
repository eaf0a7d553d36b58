package dev.cirrus.jcache.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cirrus.jcache.config.OnUnavailable;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.integration.LoaderWriter;
import dev.cirrus.jcache.internal.processor.ProcessorEntry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

/**
 * A cache with {@code on-unavailable=miss}: while the server cannot be reached, reads answer as
 * misses (read-through still loads, without storing) and writes are skipped, so the application
 * keeps serving from its source of truth. Other failures (a refused token, a value over the limit)
 * still throw: only an unreachable or unanswering server is tolerated.
 */
final class FailOpen<K, V> {

  private static final Logger LOG = Logger.getLogger(FailOpen.class.getName());
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  private final String name;
  private final StatsRecorder stats;
  private final LoaderWriter<K, V> io;
  private final Ticker ticker;
  private final boolean enabled;
  private final AtomicLong lastWarning;

  FailOpen(CacheParts<K, V> parts, OnUnavailable mode, Ticker ticker) {
    this.name = parts.name();
    this.stats = parts.stats();
    this.io = parts.io();
    this.ticker = ticker;
    this.enabled = mode == OnUnavailable.MISS;
    this.lastWarning = new AtomicLong(ticker.read() - WARN_EVERY_NANOS);
  }

  /** Runs a read; while the server is away, answers with {@code whenDown} instead. */
  <T> T read(Supplier<T> op, Supplier<T> whenDown) {
    try {
      return op.get();
    } catch (CacheException e) {
      if (!enabled || !CirrusClient.isUnavailable(e)) {
        throw e;
      }
      warn(e);
      return whenDown.get();
    }
  }

  /** Runs a write; while the server is away, skips it and answers {@code whenDown}. */
  <T> T write(Supplier<T> op, T whenDown) {
    return read(op, () -> whenDown);
  }

  void write(Runnable op) {
    read(() -> {
      op.run();
      return null;
    }, () -> null);
  }

  V missingValue(K key) {
    stats.misses(1);
    return io.readsThrough() ? io.load(key) : null;
  }

  Map<K, V> missingValues(Set<? extends K> keys) {
    stats.misses(keys.size());
    return io.readsThrough() ? io.loadAll(keys) : Map.of();
  }

  /** Runs the processor on an absent entry; what it changes is not kept. */
  <T> T invokeDetached(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, null,
        io.readsThrough() ? io::load : null);
    try {
      return processor.process(entry, arguments);
    } catch (CacheException e) {
      throw e;
    } catch (Exception e) {
      throw new EntryProcessorException(e);
    }
  }

  private void warn(CacheException e) {
    long now = ticker.read();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.warning("Cache '" + name + "' answers as empty and skips writes while the server is"
          + " unavailable (on-unavailable=miss): " + e.getMessage());
    }
  }
}
