package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.ScanPage;
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

  private final CacheContext<K, V> ctx;
  private final Consumer<K> remover;
  private final Queue<ScanPage.Entry> page = new ArrayDeque<>();
  private ByteString cursor = ByteString.EMPTY;
  private boolean exhausted;
  private K lastKey;

  EntryIterator(CacheContext<K, V> ctx, Consumer<K> remover) {
    this.ctx = ctx;
    this.remover = remover;
  }

  @Override
  public boolean hasNext() {
    while (page.isEmpty() && !exhausted) {
      ScanPage next = ctx.client.scan(
          ctx.name, cursor, ctx.resources.batchSize(), true, ctx.expiry.accessUpFront());
      page.addAll(next.entries());
      cursor = next.nextCursor();
      exhausted = next.last();
    }
    return !page.isEmpty();
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more entries in cache '" + ctx.name + "'");
    }
    long start = ctx.startTimer();
    ScanPage.Entry e = page.poll();
    K key = ctx.decodeKey(e.key());
    V value = ctx.decodeValue(e.value());
    ctx.settleAccessExpiry(e.key(), e.version());
    ctx.hits(1);
    ctx.getTime(start);
    lastKey = key;
    return new CirrusEntry<>(key, value);
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
