package dev.cirrus.jcache.it;

import dev.cirrus.jcache.CirrusCachingProvider;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * A second JVM for the near-cache tests: opens the cache and writes one entry, then exits.
 * Arguments: endpoint token cache key value.
 */
public final class NearCacheWriterMain {
  private NearCacheWriterMain() {}

  public static void main(String[] args) {
    Properties props = new Properties();
    props.setProperty("cirrus.token", args[1]);
    CirrusCachingProvider provider = new CirrusCachingProvider();
    try {
      CacheManager manager = provider.getCacheManager(
          URI.create(args[0]), NearCacheWriterMain.class.getClassLoader(), props);
      Cache<String, String> cache = manager.getCache(args[2], String.class, String.class);
      cache.put(args[3], args[4]);
      System.out.println("wrote " + args[3] + "=" + args[4]);
    } finally {
      provider.close();
    }
  }
}
