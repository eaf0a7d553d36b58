/**
 * Spring's caching over Cirrus. Spring's own {@code JCacheCacheManager} and its JSR-107 annotation
 * support need nothing from this package; {@link dev.cirrus.spring.CirrusCacheManagerBuilder}
 * opens the {@code javax.cache.CacheManager} they wrap from typed settings, without the global
 * {@code Caching} registry, so that several application contexts in one JVM stay independent.
 */
package dev.cirrus.spring;
