package dev.cirrus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import dev.cirrus.spring.Book;
import dev.cirrus.spring.Library;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Spring Boot's own JCache support, configured the way its documentation shows: the provider
 * class and a config file, which Boot hands to the provider as the CacheManager URI. Our
 * auto-configuration stays out of the way.
 */
@ExtendWith(CirrusExtension.class)
class JCacheConfigFileTest {

  private static final String PROVIDER =
      "spring.cache.jcache.provider=dev.cirrus.jcache.CirrusCachingProvider";

  @Test
  void configFile_fileUri_isHandedToTheProvider(CirrusAccount account, @TempDir Path dir)
      throws IOException {
    Path file = writeConfig(account, dir);
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class, List.of(PROVIDER,
        "spring.cache.jcache.config=" + file.toUri(), "spring.cache.cache-names=books"))) {
      assertBootMadeTheCacheManager(app, file);
      assertCachingWorks(app, account);
    }
  }

  @Test
  void configFile_classpathResource_isHandedToTheProvider(CirrusAccount account, @TempDir Path dir)
      throws IOException {
    Path file = writeConfig(account, dir);
    // The application's class path gets the directory holding cirrus.properties, as a resources
    // folder of a real application would be.
    try (URLClassLoader classPath = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader());
        ConfigurableApplicationContext app = BootApps.builder(BootApp.class)
            .resourceLoader(new DefaultResourceLoader(classPath))
            .run(BootApps.arguments(List.of(PROVIDER,
                "spring.cache.jcache.config=classpath:cirrus.properties",
                "spring.cache.cache-names=books")))) {
      assertBootMadeTheCacheManager(app, file);
      assertCachingWorks(app, account);
    }
  }

  @Test
  void configFile_healthIndicatorChecksBootsCacheManager(CirrusAccount account, @TempDir Path dir)
      throws IOException {
    Path file = writeConfig(account, dir);
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class, List.of(PROVIDER,
        "spring.cache.jcache.config=" + file.toUri()))) {
      assertEquals(Status.UP,
          app.getBean("cirrusHealthIndicator", HealthIndicator.class).health().getStatus());
    }
  }

  private static Path writeConfig(CirrusAccount account, Path dir) throws IOException {
    return Files.writeString(dir.resolve("cirrus.properties"), String.join("\n",
        "cirrus.uri=" + account.uri(),
        "cirrus.token=" + account.token(),
        "cirrus.default.statistics=true",
        ""));
  }

  private static void assertBootMadeTheCacheManager(ConfigurableApplicationContext app, Path file) {
    assertFalse(app.containsBean("cirrusCacheManager"), "our auto-configuration backs off");
    CacheManager jcache = app.getBean(CacheManager.class);
    assertInstanceOf(CirrusCacheManager.class, jcache);
    assertEquals(file.toUri().normalize(), jcache.getURI().normalize());
  }

  private static void assertCachingWorks(
      ConfigurableApplicationContext app, CirrusAccount account) {
    Library library = app.getBean(Library.class);
    Book first = library.find("978-1");
    assertEquals(first, library.find("978-1"));
    assertEquals(1, library.calls("find"));
    // Another client reads what the application cached; Book is outside its packages.
    CacheManager reader = account.newCacheManager("cirrus.serialization.allow", Book.class.getName());
    assertEquals(first, reader.getCache("books").get("978-1"));
  }
}
