package dev.cirrus.server.testing;

import dev.cirrus.server.EmbeddedRedisCluster;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A plain (non-cluster) Redis of a test class's own, started in a static initializer. */
public final class PlainRedis {
  private PlainRedis() {}

  /** Starts one {@code redis-server}; the class stops it in its {@code @AfterAll}. */
  public static EmbeddedRedisCluster start() {
    try {
      return EmbeddedRedisCluster.startPlain();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
