package dev.cirrus.tck;

import dev.cirrus.server.EmbeddedRedisCluster;
import dev.cirrus.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts a Cirrus server ({@link EmbeddedServer}: 127.0.0.1, free ports, a temporary data dir)
 * before the first TCK class and stops it after the last. The TCK only knows {@code Caching.getCachingProvider()}, so the provider finds the
 * server through its documented defaults: the system properties {@code cirrus.uri} and
 * {@code cirrus.token}. With {@value #NEAR_CACHE_PROPERTY} set, {@code cirrus.uri} names a config
 * file instead that turns on a near cache for every cache. With {@value #STORE_PROPERTY} =
 * {@code redis} the server keeps its caches in a real Redis Cluster started for the run ({@link
 * EmbeddedRedisCluster}).
 */
public final class CirrusServerSession implements LauncherSessionListener {

  /** Set by the near-cache execution of the TCK: the near cache size for every cache. */
  static final String NEAR_CACHE_PROPERTY = "cirrus.tck.near-cache.max-size";

  /** Set by the Redis execution of the TCK: {@code redis} runs the server over Redis Cluster. */
  static final String STORE_PROPERTY = "cirrus.tck.store";

  private EmbeddedServer server;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    try {
      server = "redis".equals(System.getProperty(STORE_PROPERTY))
          ? EmbeddedServer.start(b -> b.redisStore(EmbeddedRedisCluster.shared().target()))
          : EmbeddedServer.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Cirrus server for the TCK", e);
    }
    String token = server.token("tck");
    String nearCacheSize = System.getProperty(NEAR_CACHE_PROPERTY);
    if (nearCacheSize == null) {
      System.setProperty("cirrus.uri", server.uri().toString());
      System.setProperty("cirrus.token", token);
    } else {
      // The default CacheManager URI then names a config file giving every cache a near cache,
      // exactly as an application would configure it.
      System.setProperty("cirrus.uri", writeConfig(token, nearCacheSize).toUri().toString());
    }
  }

  private Path writeConfig(String token, String nearCacheSize) {
    try {
      Path file = Files.createTempFile("cirrus-tck", ".properties");
      Files.write(file, List.of(
          "cirrus.uri=" + server.uri(),
          "cirrus.token=" + token,
          "cirrus.default.near-cache.max-size=" + nearCacheSize));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the TCK's Cirrus config file", e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (server != null) {
      server.close();
    }
  }
}
