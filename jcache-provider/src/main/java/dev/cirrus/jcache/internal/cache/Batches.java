package dev.cirrus.jcache.internal.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.function.ToLongFunction;

/**
 * Splits work into calls the server takes: no more items than its batch limit, and no more bytes
 * than {@link #MAX_BYTES}, well under the data path's 16 MiB frame and the gRPC message limit (so a
 * {@code putAll} of a few hundred 100 KB values is several calls, not one refused frame).
 */
final class Batches {
  /** The most key and value bytes one batch call carries, or one batch answer is expected to. */
  static final long MAX_BYTES = 8L * 1024 * 1024;
  /** What one item costs beyond its key and value bytes (message framing, flags, TTLs). */
  static final long ITEM_OVERHEAD = 32;

  private Batches() {}

  static <T> List<List<T>> chunks(List<T> items, int size) {
    return chunks(items, size, item -> 0, Long.MAX_VALUE);
  }

  /**
   * Consecutive chunks of at most {@code size} items whose bytes (by {@code bytes}, plus {@link
   * #ITEM_OVERHEAD} each) stay within {@code maxBytes}; an item larger than that alone is a chunk of
   * its own, for the server to judge.
   */
  static <T> List<List<T>> chunks(List<T> items, int size, ToLongFunction<T> bytes,
      long maxBytes) {
    int[] ends = ends(items.size(), size, i -> bytes.applyAsLong(items.get(i)), maxBytes);
    List<List<T>> chunks = new ArrayList<>(ends.length);
    int from = 0;
    for (int end : ends) {
      chunks.add(items.subList(from, end));
      from = end;
    }
    return chunks;
  }

  /**
   * The chunks of {@link #chunks} for {@code count} items known by their position: where each
   * chunk ends (exclusive), the last at {@code count}.
   *
   * @param bytes the bytes of the item at a position
   */
  static int[] ends(int count, int size, IntToLongFunction bytes, long maxBytes) {
    int[] ends = new int[Math.min(count, count / size + 1)];
    int chunks = 0;
    int from = 0;
    while (from < count) {
      int to = from;
      long total = 0;
      while (to < count && to - from < size) {
        long next = bytes.applyAsLong(to) + ITEM_OVERHEAD;
        if (to > from && total + next > maxBytes) {
          break;
        }
        total += next;
        to++;
      }
      if (chunks == ends.length) {
        ends = Arrays.copyOf(ends, chunks * 2);
      }
      ends[chunks++] = to;
      from = to;
    }
    return chunks == ends.length ? ends : Arrays.copyOf(ends, chunks);
  }
}
