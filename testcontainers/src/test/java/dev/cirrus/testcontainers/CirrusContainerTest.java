package dev.cirrus.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.junit.jupiter.api.Assumptions;

/**
 * A user's test with {@link CirrusContainer}. Runs only where a Docker engine is (otherwise
 * Testcontainers disables it: "Docker is not available") and where the image was built
 * ({@code ./mvnw -B package -pl server -am -Pimage -DskipTests}, then
 * {@code docker load -i server/target/jib-image.tar}).
 */
@Testcontainers(disabledWithoutDocker = true)
class CirrusContainerTest {

  @BeforeAll
  static void imageBuilt() {
    boolean present = !DockerClientFactory.instance().client().listImagesCmd()
        .withImageNameFilter(CirrusContainer.DEFAULT_IMAGE.asCanonicalNameString()).exec().isEmpty();
    Assumptions.assumeTrue(present, "no image " + CirrusContainer.DEFAULT_IMAGE
        + " in this Docker engine: build it with -Pimage and `docker load -i server/target/jib-image.tar`");
  }

  @Container static CirrusContainer cirrus = new CirrusContainer();

  @Test
  void cacheManager_overTheContainer_storesAndReads() {
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        cirrus.getCacheManagerUri(), getClass().getClassLoader(), cirrus.cacheManagerProperties())) {
      Cache<String, String> books = manager.createCache("books",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      books.put("978-0", "Dune");
      assertEquals("Dune", books.get("978-0"));
    }
  }

  @Test
  void tokenFor_anotherAccount_seesNoneOfDevsCaches() {
    java.util.Properties properties = cirrus.cacheManagerProperties();
    properties.setProperty("cirrus.token", cirrus.tokenFor("other"));
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        java.net.URI.create(cirrus.getCacheManagerUri() + "?other"), getClass().getClassLoader(),
        properties)) {
      assertNull(manager.getCache("books"));
    }
  }
}
