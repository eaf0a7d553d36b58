package dev.cirrus.spring.boot;

import dev.cirrus.jcache.CirrusCacheManager;
import java.util.Objects;
import javax.cache.CacheManager;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when the Cirrus server behind a CacheManager answers and accepts its token, DOWN with the
 * reason otherwise; the details name the endpoint (of several nodes, the one in use). A check takes one call, so it answers within
 * {@code cirrus.call-timeout} even when the server is gone.
 */
public final class CirrusHealthIndicator extends AbstractHealthIndicator {

  /**
   * Looked up, never created: looking up a cache is the cheapest round trip the provider offers
   * that needs both a reachable server and a valid token, and a name no application uses finds
   * nothing, so the check opens nothing.
   */
  static final String PROBE_CACHE = "cirrus-health-probe";

  private final CacheManager cacheManager;

  public CirrusHealthIndicator(CacheManager cacheManager) {
    super("Cirrus health check failed");
    this.cacheManager = Objects.requireNonNull(cacheManager, "cacheManager");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    if (!(cacheManager instanceof CirrusCacheManager cirrus)) {
      builder.unknown().withDetail("reason", "the JCache CacheManager is not Cirrus's but "
          + cacheManager.getClass().getName());
      return;
    }
    // The node the manager uses now: with several nodes, the one this check asks.
    builder.withDetail("endpoint", cirrus.currentEndpoint().toString());
    cirrus.getCache(PROBE_CACHE);
    builder.up();
  }
}
