package dev.cirrus.jcache.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cirrus.jcache.internal.management.CacheStatistics;
import javax.cache.configuration.CompleteConfiguration;

/**
 * Counts a cache's hits, misses, puts and removals and times its calls, while its configuration
 * has statistics on (a switch the application may flip at run time). A timer started while they
 * were off reads 0 and records nothing.
 */
final class StatsRecorder {

  private final CompleteConfiguration<?, ?> configuration;
  private final CacheStatistics figures = new CacheStatistics();
  private final Ticker ticker;

  StatsRecorder(CompleteConfiguration<?, ?> configuration, Ticker ticker) {
    this.configuration = configuration;
    this.ticker = ticker;
  }

  /** The figures, for the statistics MXBean. */
  CacheStatistics figures() {
    return figures;
  }

  private boolean enabled() {
    return configuration.isStatisticsEnabled();
  }

  long startTimer() {
    return enabled() ? ticker.read() : 0L;
  }

  void hits(long n) {
    if (enabled() && n > 0) {
      figures.recordHits(n);
    }
  }

  void misses(long n) {
    if (enabled() && n > 0) {
      figures.recordMisses(n);
    }
  }

  /** One hit or one miss. */
  void read(boolean hit) {
    if (hit) {
      hits(1);
    } else {
      misses(1);
    }
  }

  void puts(long n) {
    if (enabled() && n > 0) {
      figures.recordPuts(n);
    }
  }

  void removals(long n) {
    if (enabled() && n > 0) {
      figures.recordRemovals(n);
    }
  }

  void getTime(long start) {
    if (enabled() && start != 0L) {
      figures.recordGetTime(ticker.read() - start);
    }
  }

  void putTime(long start) {
    if (enabled() && start != 0L) {
      figures.recordPutTime(ticker.read() - start);
    }
  }

  void removeTime(long start) {
    if (enabled() && start != 0L) {
      figures.recordRemoveTime(ticker.read() - start);
    }
  }
}
