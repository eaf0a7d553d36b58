package dev.cirrus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import dev.cirrus.spring.Book;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Boot application decodes values of its own packages that another instance wrote, with nothing
 * configured; classes outside them are still refused until named in
 * {@code cirrus.serialization.allow}.
 */
@ExtendWith(CirrusExtension.class)
class ApplicationClassesTest {

  @Test
  void ourCacheManager_decodesTheApplicationsPackages_writtenElsewhere(CirrusAccount account) {
    writeElsewhere(account);
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account))) {
      assertDecodesOnlyTheApplicationsClasses(app.getBean(CacheManager.class));
    }
  }

  @Test
  void bootsCacheManagerFromAConfigFile_too(CirrusAccount account, @TempDir Path dir) throws IOException {
    writeElsewhere(account);
    Path file = Files.writeString(dir.resolve("cirrus.properties"), String.join("\n",
        "cirrus.uri=" + account.uri(), "cirrus.token=" + account.token(), ""));
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class, List.of(
        "spring.cache.jcache.provider=dev.cirrus.jcache.CirrusCachingProvider",
        "spring.cache.jcache.config=" + file.toUri()))) {
      assertDecodesOnlyTheApplicationsClasses(app.getBean(CacheManager.class));
    }
  }

  @Test
  void classesOutsideThePackages_areAddedWithTheAllowList(CirrusAccount account) {
    writeElsewhere(account);
    try (ConfigurableApplicationContext app = BootApps.run(BootApp.class,
        BootApps.cirrus(account, "cirrus.serialization.allow=" + Book.class.getName()))) {
      Cache<String, Object> shelves = app.getBean(CacheManager.class).getCache("shelves");
      assertEquals(new Book("978-9", "Elsewhere"), shelves.get("book"));
      assertEquals(new Shelf("fiction", 12), shelves.get("shelf"));
    }
  }

  /** Another instance of the application, which has cached a Shelf and a Book. */
  private static void writeElsewhere(CirrusAccount account) {
    Cache<String, Object> shelves = account.newCacheManager()
        .createCache("shelves", new MutableConfiguration<>());
    shelves.put("shelf", new Shelf("fiction", 12));
    shelves.put("book", new Book("978-9", "Elsewhere"));
  }

  private static void assertDecodesOnlyTheApplicationsClasses(CacheManager manager) {
    Cache<String, Object> shelves = manager.getCache("shelves");
    assertEquals(new Shelf("fiction", 12), shelves.get("shelf"),
        "BootApp's package, dev.cirrus.spring.boot, is allowed");
    // Refused, so undecodable: a miss by default (cirrus.codec.on-undecodable=miss), which the
    // application recomputes; an admitted class would come back as the Book.
    assertNull(shelves.get("book"), "dev.cirrus.spring is outside the application's packages");
  }
}
