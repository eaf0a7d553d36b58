package dev.cirrus.jcache.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cirrus.jcache.codec.Codec;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.codec.UndecodableValues;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a CacheManager shares with each of its caches.
 *
 * @param client the connection to the server
 * @param codec key and value encoding
 * @param undecodable what reads do with values the codec cannot decode, and their count
 * @param asyncExecutor runs asynchronous listeners and {@code loadAll}
 * @param scheduler reopens broken change streams
 * @param managerUri for MBean names
 * @param batchSize the most entries sent in one batch call
 * @param ticker the time for near-cache deadlines, statistics' timings and warning intervals
 */
public record CacheResources(
    CirrusClient client,
    Codec codec,
    UndecodableValues undecodable,
    ExecutorService asyncExecutor,
    ScheduledExecutorService scheduler,
    URI managerUri,
    int batchSize,
    Ticker ticker) {

  public CacheResources {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(undecodable, "undecodable");
    Objects.requireNonNull(asyncExecutor, "asyncExecutor");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(managerUri, "managerUri");
    Objects.requireNonNull(ticker, "ticker");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
  }
}
