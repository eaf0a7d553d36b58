package dev.cirrus.spring.boot;

import dev.cirrus.jcache.CirrusCacheManager;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Lets the Cirrus CacheManager of a Boot application decode the application's own classes, the
 * packages of its {@code @SpringBootApplication} (Boot's auto-configuration packages), whoever wrote
 * the entry: another instance of the application, or one that started earlier. Without it the
 * provider's deserialization allow-list would only know the classes this instance has written
 * itself. Applies to both ways of making the CacheManager (ours, and Boot's own from
 * {@code spring.cache.jcache.config}); classes outside those packages are added with
 * {@code cirrus.serialization.allow}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({CirrusCacheManager.class, JCacheManagerCustomizer.class})
public final class CirrusApplicationClassesAutoConfiguration {

  @Bean
  JCacheManagerCustomizer cirrusApplicationClasses(BeanFactory beanFactory) {
    return cacheManager -> {
      if (cacheManager instanceof CirrusCacheManager cirrus && AutoConfigurationPackages.has(beanFactory)) {
        cirrus.allowDeserializationOf(applicationPatterns(AutoConfigurationPackages.get(beanFactory)));
      }
    };
  }

  /** {@code com.acme.**} for each package: the application's classes live in its subpackages too. */
  static List<String> applicationPatterns(List<String> packages) {
    return packages.stream().filter(p -> !p.isEmpty()).map(p -> p + ".**").toList();
  }
}
