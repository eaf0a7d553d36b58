package dev.cirrus.jcache.internal.management;

import dev.cirrus.jcache.internal.near.NearCache;
import dev.cirrus.jcache.management.NearCacheStatisticsMXBean;
import java.util.Objects;

/** Reads a near cache's figures live. */
public final class NearCacheStatistics implements NearCacheStatisticsMXBean {
  private final NearCache near;

  public NearCacheStatistics(NearCache near) {
    this.near = Objects.requireNonNull(near, "near");
  }

  @Override
  public long getHits() {
    return near.hits();
  }

  @Override
  public long getMisses() {
    return near.misses();
  }

  @Override
  public long getInvalidations() {
    return near.invalidations();
  }

  @Override
  public long getSize() {
    return near.size();
  }

  @Override
  public boolean isServing() {
    return near.serving();
  }
}
