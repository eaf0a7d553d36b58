package dev.cirrus.spring;

import java.net.URI;
import java.util.List;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/** Plain Spring with the JCache CacheManager made by {@link CirrusCacheManagerBuilder}. */
@Configuration
@EnableCaching
@Import(Library.class)
public class BuilderConfig {

  @Bean
  javax.cache.CacheManager jCacheManager(Environment env) {
    return CirrusCacheManagerBuilder.create()
        .uri(URI.create(env.getRequiredProperty("cirrus.uri")))
        .token(env.getRequiredProperty("cirrus.token"))
        .caches(List.of("books", "titles", "prices"))
        // What other instances of the application cache: decoded though this one never wrote it.
        .allowDeserializationOf("dev.cirrus.spring.*")
        .build();
  }

  @Bean
  CacheManager cacheManager(javax.cache.CacheManager jCacheManager) {
    return new JCacheCacheManager(jCacheManager);
  }
}
