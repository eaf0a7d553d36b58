/**
 * Spring Boot auto-configuration: a Cirrus {@code javax.cache.CacheManager} from {@code cirrus.*}
 * properties with the caches of {@code spring.cache.cache-names} (Boot's cache auto-configuration
 * wraps it for {@code @Cacheable} and binds its caches to Micrometer), and a health indicator.
 * Everything here backs off when the application configures caching itself.
 */
package dev.cirrus.spring.boot;
