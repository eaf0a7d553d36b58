package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ScanPage;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.integration.CirrusEntry;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.function.Consumer;
import javax.cache.Cache;

/**
 * Iterates a cache page by page over the server's scan. Each entry handed out counts as an access
 * (hit and access expiry); {@link #remove()} removes the last entry through the cache, so writers,
 * listeners and statistics see it like {@code Cache.remove}.
 */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private final String name;
  private final CirrusClient client;
  private final int batchSize;
  private final Encoding<K, V> encoding;
  private final ExpiryCalculator expiry;
  private final ExpiryFollowUp followUp;
  private final StatsRecorder stats;
  private final Consumer<K> remover;
  private final Queue<ScanPage.Entry> page = new ArrayDeque<>();
  private ByteString cursor = ByteString.EMPTY;
  private boolean exhausted;
  private K lastKey;
  /** The next entry to hand out, decoded by {@link #hasNext}; null when not yet known. */
  private Cache.Entry<K, V> ahead;

  EntryIterator(CacheParts<K, V> parts, Consumer<K> remover) {
    this.name = parts.name();
    this.client = parts.client();
    this.batchSize = parts.batchSize();
    this.encoding = parts.encoding();
    this.expiry = parts.expiry();
    this.followUp = parts.followUp();
    this.stats = parts.stats();
    this.remover = remover;
  }

  @Override
  public boolean hasNext() {
    while (ahead == null) {
      while (page.isEmpty() && !exhausted) {
        ScanPage next = client.scan(name, cursor, batchSize, true, expiry.accessUpFront());
        page.addAll(next.entries());
        cursor = next.nextCursor();
        exhausted = next.last();
      }
      if (page.isEmpty()) {
        return false;
      }
      ahead = decoded(page.poll());
    }
    return true;
  }

  /**
   * The entry as the application sees it, or null to skip it: its key or value cannot be decoded
   * and {@code cirrus.codec.on-undecodable} is {@code miss} (a get of it would be a miss too).
   */
  private Cache.Entry<K, V> decoded(ScanPage.Entry e) {
    long start = stats.startTimer();
    K key = encoding.readKey(e.key());
    V value = key == null ? null : encoding.readValue(e.value());
    if (value == null) {
      return null;
    }
    followUp.settleAccess(e.key(), e.version());
    stats.hits(1);
    stats.getTime(start);
    return new CirrusEntry<>(key, value);
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more entries in cache '" + name + "'");
    }
    Cache.Entry<K, V> entry = ahead;
    ahead = null;
    lastKey = entry.getKey();
    return entry;
  }

  @Override
  public void remove() {
    if (lastKey == null) {
      throw new IllegalStateException("Iterator.remove() needs a preceding next()");
    }
    K key = lastKey;
    lastKey = null;
    remover.accept(key);
  }
}
