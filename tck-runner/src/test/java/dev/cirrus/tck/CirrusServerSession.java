package dev.cirrus.tck;

import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts a Cirrus server on an ephemeral 127.0.0.1 port before the first TCK class and stops it
 * after the last. The TCK only knows {@code Caching.getCachingProvider()}, so the provider finds the
 * server through its documented defaults: the system properties {@code cirrus.uri} and
 * {@code cirrus.token}.
 */
public final class CirrusServerSession implements LauncherSessionListener {

  private CirrusServer server;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    try {
      Path dataDir = Files.createTempDirectory("cirrus-tck");
      server = CirrusServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).build());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Cirrus server for the TCK", e);
    }
    System.setProperty("cirrus.uri", server.endpoint());
    System.setProperty("cirrus.token", server.tokens().issue("tck", Duration.ofHours(2)));
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (server != null) {
      server.close();
    }
  }
}
