package dev.cirrus.benchmarks.e2e;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One system under test as the workloads see it. Implementations are thread-safe: the throughput
 * workloads call one {@link Dataset} from many threads.
 */
interface Target extends AutoCloseable {

  /** A cache (or, for the echo floors, a payload size) holding {@code valueSize}-byte values. */
  Dataset dataset(String name, int valueSize);

  /** Whether the target has caches to create; the echo floors have none. */
  default boolean createsCaches() {
    return false;
  }

  /** Creates a cache of that name and returns nanoseconds taken; {@link #dropCache} removes it. */
  default long timeCreateCache(String name) {
    throw new UnsupportedOperationException("no caches to create");
  }

  default void dropCache(String name) {}

  /**
   * The same data set read through a near cache of at least 20,000 entries, or the reason there is
   * none (e.g. "n/a (no near cache)").
   */
  default NearCache nearCache(String name, int valueSize) {
    return NearCache.none("n/a (no near cache)");
  }

  @Override
  void close();

  /** Operations on one data set. */
  interface Dataset {
    /** The value of the key, or null on a miss. */
    byte[] get(String key);

    void put(String key, byte[] value);

    /** How many of the keys were found. */
    int getAll(Set<String> keys);

    void putAll(Map<String, byte[]> entries);
  }

  /** A near-cached view of a data set, or why there is none. */
  record NearCache(Optional<Dataset> dataset, String absentReason) {
    static NearCache of(Dataset dataset) {
      return new NearCache(Optional.of(dataset), null);
    }

    static NearCache none(String reason) {
      return new NearCache(Optional.empty(), reason);
    }
  }
}
