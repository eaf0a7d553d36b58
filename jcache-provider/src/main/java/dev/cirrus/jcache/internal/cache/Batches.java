package dev.cirrus.jcache.internal.cache;

import java.util.ArrayList;
import java.util.List;

/** Splits work into calls no larger than the server's batch limit. */
final class Batches {
  private Batches() {}

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      chunks.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return chunks;
  }
}
