package dev.cirrus.jcache.management;

/**
 * A near cache's own figures, registered as {@code dev.cirrus:type=NearCache,CacheManager=<uri>,
 * Cache=<name>} while the cache's statistics are enabled. Near hits also count as hits in the
 * cache's standard {@code CacheStatisticsMXBean}.
 */
public interface NearCacheStatisticsMXBean {
  long getHits();

  long getMisses();

  long getInvalidations();

  long getSize();

  /** Whether the near cache serves hits now (its change stream is live). */
  boolean isServing();
}
