package dev.cirrus.spring;

import java.net.URI;
import java.util.Properties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.cache.jcache.JCacheManagerFactoryBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Spring caching over JCache as its documentation shows it, with no Cirrus type in sight: Spring's
 * own JCacheManagerFactoryBean finds the provider through {@code Caching}, and the server, token
 * and caches to create are CacheManager properties.
 */
@Configuration
@EnableCaching
@Import({Library.class, Jsr107Library.class})
public class PlainSpringConfig {

  @Bean
  JCacheManagerFactoryBean jCacheManager(Environment env) {
    Properties properties = new Properties();
    properties.setProperty("cirrus.token", env.getRequiredProperty("cirrus.token"));
    properties.setProperty("cirrus.caches", "books,titles,prices");
    // The application's classes, which other instances of it cache: decoded though this instance
    // never wrote them (Boot applications get their own packages allowed without this).
    properties.setProperty("cirrus.serialization.allow", "dev.cirrus.spring.*");
    JCacheManagerFactoryBean factory = new JCacheManagerFactoryBean();
    factory.setCacheManagerUri(URI.create(env.getRequiredProperty("cirrus.uri")));
    factory.setCacheManagerProperties(properties);
    return factory;
  }

  @Bean
  CacheManager cacheManager(javax.cache.CacheManager jCacheManager) {
    return new JCacheCacheManager(jCacheManager);
  }
}
