package dev.cirrus.spring.boot;

import dev.cirrus.jcache.CirrusCacheManager;
import javax.cache.CacheManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code cirrus} health indicator, when Boot's health support is on the class path. It runs
 * after both ways of making the JCache CacheManager (ours and Boot's from
 * {@code spring.cache.jcache.config}), so it checks whichever the application got. Switched off
 * with {@code management.health.cirrus.enabled=false}.
 */
@AutoConfiguration(after = CirrusCacheAutoConfiguration.class,
    afterName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({CirrusCacheManager.class, HealthIndicator.class})
@ConditionalOnSingleCandidate(CacheManager.class)
@ConditionalOnEnabledHealthIndicator("cirrus")
public final class CirrusHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "cirrusHealthIndicator")
  CirrusHealthIndicator cirrusHealthIndicator(CacheManager cacheManager) {
    return new CirrusHealthIndicator(cacheManager);
  }
}
