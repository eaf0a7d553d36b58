package dev.cirrus.tck;

import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts a Cirrus server on an ephemeral 127.0.0.1 port before the first TCK class and stops it
 * after the last. The TCK only knows {@code Caching.getCachingProvider()}, so the provider finds the
 * server through its documented defaults: the system properties {@code cirrus.uri} and
 * {@code cirrus.token}. With {@value #NEAR_CACHE_PROPERTY} set, {@code cirrus.uri} names a config
 * file instead that turns on a near cache for every cache.
 */
public final class CirrusServerSession implements LauncherSessionListener {

  /** Set by the near-cache execution of the TCK: the near cache size for every cache. */
  static final String NEAR_CACHE_PROPERTY = "cirrus.tck.near-cache.max-size";

  private CirrusServer server;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    try {
      Path dataDir = Files.createTempDirectory("cirrus-tck");
      server = CirrusServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).build());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Cirrus server for the TCK", e);
    }
    String token = server.tokens().issue("tck", Duration.ofHours(2));
    String nearCacheSize = System.getProperty(NEAR_CACHE_PROPERTY);
    if (nearCacheSize == null) {
      System.setProperty("cirrus.uri", server.endpoint());
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
          "cirrus.uri=" + server.endpoint(),
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
