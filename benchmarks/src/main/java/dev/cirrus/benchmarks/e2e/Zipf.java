package dev.cirrus.benchmarks.e2e;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Key indexes drawn with Zipf-distributed popularity, as real caches see them (a few hot keys,
 * a long tail). The ranks are spread over the key space by a fixed shuffle, so hot keys are not
 * neighbours; {@link #next} is thread-safe and allocation-free.
 */
final class Zipf {

  /**
   * YCSB's default skew: of 10,000 keys the hottest 10 draw 29% of the operations, the hottest 100
   * draw 52%.
   */
  static final double SKEW = 0.99;

  private final double[] cumulative;
  private final int[] indexOfRank;

  Zipf(int keys, double skew, long seed) {
    cumulative = new double[keys];
    double sum = 0;
    for (int rank = 0; rank < keys; rank++) {
      sum += 1 / Math.pow(rank + 1, skew);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < keys; rank++) {
      cumulative[rank] /= sum;
    }
    indexOfRank = new int[keys];
    Arrays.setAll(indexOfRank, i -> i);
    Random random = new Random(seed);
    for (int i = keys - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = indexOfRank[i];
      indexOfRank[i] = indexOfRank[j];
      indexOfRank[j] = swap;
    }
  }

  /** A key index, hot ones more often. */
  int next() {
    int rank = Arrays.binarySearch(cumulative, ThreadLocalRandom.current().nextDouble());
    rank = rank >= 0 ? rank : Math.min(cumulative.length - 1, -rank - 1);
    return indexOfRank[rank];
  }
}
