package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cirrus.jcache.CirrusCachingProvider;
import java.io.Serializable;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A CacheManager per (URI, ClassLoader), and values decoded with the manager's class loader. */
@ExtendWith(CirrusServerExtension.class)
class ClassLoaderTest {

  /** A value class that two class loaders each define for themselves. */
  public record Order(String id) implements Serializable {}

  @Test
  void valuesAreDecodedWithTheCacheManagersClassLoader(TestServer server) throws Exception {
    URL testClasses = Order.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader isolated = new URLClassLoader(new URL[] {testClasses},
        ClassLoader.getPlatformClassLoader())) {
      CirrusCachingProvider provider = new CirrusCachingProvider();
      try {
        Properties props = new Properties();
        props.setProperty("cirrus.token", server.token(TestServer.freshAccount()));
        // The other manager never wrote an Order: it decodes one because the allow-list names it.
        props.setProperty("cirrus.serialization.allow", Order.class.getName());
        URI uri = URI.create(server.endpoint());
        CacheManager app = provider.getCacheManager(uri, getClass().getClassLoader(), props);
        CacheManager other = provider.getCacheManager(uri, isolated, props);
        assertNotSame(app, other, "one CacheManager per class loader");
        assertSame(app, provider.getCacheManager(uri, getClass().getClassLoader(), props));

        Cache<String, Object> cache = app.createCache("orders", new MutableConfiguration<>());
        cache.put("o", new Order("o-1"));
        Object seenByOther = other.getCache("orders").get("o");

        assertSame(isolated, seenByOther.getClass().getClassLoader(),
            "decoded with the other manager's class loader");
        assertEquals(Order.class.getName(), seenByOther.getClass().getName());
        assertEquals(new Order("o-1"), cache.get("o"));
      } finally {
        provider.close();
      }
    }
  }
}
