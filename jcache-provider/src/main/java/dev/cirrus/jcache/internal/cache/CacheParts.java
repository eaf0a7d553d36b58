package dev.cirrus.jcache.internal.cache;

import dev.cirrus.jcache.config.CirrusConfiguration;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.event.EventDispatcher;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import dev.cirrus.jcache.internal.integration.LoaderWriter;
import dev.cirrus.jcache.internal.near.NearCache;
import java.util.concurrent.ExecutorService;
import javax.cache.Cache;

/**
 * The parts of one cache, by concern, built once when the cache opens. The cache's operations keep
 * in their own fields the parts they use: nothing is looked up per call.
 *
 * @param name the cache on the server
 * @param client the connection to the server
 * @param batchSize the most entries sent in one batch call
 * @param asyncExecutor runs {@code loadAll}
 * @param encoding keys and values as bytes
 * @param expiry the expiry policy's TTLs
 * @param followUp a custom expiry policy's answers applied after the call
 * @param near the near-cache policy (a no-op without a near cache)
 * @param events entry events from the server's answers
 * @param stats the statistics
 * @param io the loader and writer
 */
record CacheParts<K, V>(
    String name,
    CirrusClient client,
    int batchSize,
    ExecutorService asyncExecutor,
    Encoding<K, V> encoding,
    ExpiryCalculator expiry,
    ExpiryFollowUp followUp,
    NearPolicy<K, V> near,
    EventFiring<K, V> events,
    StatsRecorder stats,
    LoaderWriter<K, V> io) {

  /** The parts of {@code cache} as its configuration asks, over its manager's resources. */
  static <K, V> CacheParts<K, V> assemble(
      Cache<K, V> cache,
      CirrusConfiguration<K, V> configuration,
      CacheResources resources,
      EventDispatcher<K, V> listeners) {
    String name = cache.getName();
    CirrusClient client = resources.client();
    ExpiryCalculator expiry = new ExpiryCalculator(configuration.getExpiryPolicyFactory().create());
    LoaderWriter<K, V> io = new LoaderWriter<>(
        configuration.getCacheLoaderFactory() == null ? null : configuration.getCacheLoaderFactory().create(),
        configuration.getCacheWriterFactory() == null ? null : configuration.getCacheWriterFactory().create(),
        configuration.isReadThrough(),
        configuration.isWriteThrough());
    NearCache nearCache = configuration.getNearCache().enabled()
        ? new NearCache(configuration.getNearCache(),
            client.settings().callTimeout().plusSeconds(1), resources.ticker())
        : NearCache.disabled();
    Encoding<K, V> encoding =
        new Encoding<>(resources.codec(), resources.undecodable(), name,
            configuration.getKeyType(), configuration.getValueType());
    ExpiryFollowUp followUp = new ExpiryFollowUp(name, client, expiry);
    return new CacheParts<>(name, client, resources.batchSize(), resources.asyncExecutor(),
        encoding, expiry, followUp, new NearPolicy<>(nearCache, encoding, expiry, followUp),
        new EventFiring<>(cache, listeners, encoding),
        new StatsRecorder(configuration, resources.ticker()), io);
  }
}
