package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import dev.cirrus.jcache.internal.client.Ttl;
import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheException;

/**
 * Reads many keys in batch calls whose answers stay well under the message limits. The answer's
 * size is known only once it comes, so each batch takes as many keys as {@link Batches#MAX_BYTES}
 * holds at the largest value this cache has answered a batch with so far (a first batch of an
 * unknown cache takes {@link #FIRST_BATCH} keys); a batch the server still refuses as too large is
 * halved and read again. So a {@code getAll} of a hundred 100 KB values is two calls, and one of
 * a thousand small values still two.
 *
 * <p>Thread-safe: the estimate is a volatile field, and a stale one only sizes a batch.
 */
final class BatchReader {
  static final int FIRST_BATCH = 16;

  private final String name;
  private final CirrusClient client;
  private final int batchSize;
  /** The largest value seen in a batch answer of this cache; -1 before the first. */
  private volatile long largestValue = -1;

  BatchReader(String name, CirrusClient client, int batchSize) {
    this.name = name;
    this.client = client;
    this.batchSize = batchSize;
  }

  /**
   * The outcomes of {@code keys}, in their order.
   *
   * @param valuesKept whether the caller keeps values' bytes beyond decoding them (see {@link
   *     CirrusClient#getBatch})
   */
  List<ReadOutcome> read(List<ByteString> keys, Ttl accessTtl, boolean valuesKept) {
    List<ReadOutcome> outcomes = new ArrayList<>(keys.size());
    int from = 0;
    while (from < keys.size()) {
      int to = from + count(keys, from);
      outcomes.addAll(readSplitting(keys.subList(from, to), accessTtl, valuesKept));
      from = to;
    }
    return outcomes;
  }

  /** How many keys from {@code from} the next batch takes. */
  private int count(List<ByteString> keys, int from) {
    long value = largestValue;
    int most = value < 0 ? Math.min(batchSize, FIRST_BATCH) : batchSize;
    long bytes = 0;
    int count = 0;
    while (from + count < keys.size() && count < most) {
      long next = keys.get(from + count).size() + Math.max(value, 0) + Batches.ITEM_OVERHEAD;
      if (count > 0 && bytes + next > Batches.MAX_BYTES) {
        break;
      }
      bytes += next;
      count++;
    }
    return count;
  }

  private List<ReadOutcome> readSplitting(List<ByteString> keys, Ttl accessTtl,
      boolean valuesKept) {
    List<ReadOutcome> outcomes;
    try {
      outcomes = client.getBatch(name, keys, accessTtl, valuesKept);
    } catch (CacheException e) {
      if (keys.size() < 2 || !CirrusClient.isTooLarge(e)) {
        throw e;
      }
      int half = keys.size() / 2;
      List<ReadOutcome> both =
          new ArrayList<>(readSplitting(keys.subList(0, half), accessTtl, valuesKept));
      both.addAll(readSplitting(keys.subList(half, keys.size()), accessTtl, valuesKept));
      return both;
    }
    long largest = 0;
    for (ReadOutcome outcome : outcomes) {
      if (outcome.found()) {
        largest = Math.max(largest, outcome.value().size());
      }
    }
    largestValue = largest;
    return outcomes;
  }
}
