package dev.cirrus.cli.command;

import dev.cirrus.cli.connect.CliException;
import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CacheDescription;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import javax.cache.configuration.MutableConfiguration;

/**
 * The expiry a cache was created with, so that the CLI's reads and writes age entries exactly as
 * the applications' JCache calls on the same cache do (an accessed-expiry cache's get extends the
 * entry, a created-expiry cache's set gives it the cache's TTL). Describing the cache first also
 * turns an unknown cache into a clear error before anything is sent.
 */
final class CachePolicy {

  private CachePolicy() {}

  static ExpiryCalculator of(CirrusClient client, String cache) {
    CacheDescription description = describe(client, cache);
    MutableConfiguration<Object, Object> config = ConfigurationDescriptor.decode(
        description.clientConfig(), CachePolicy.class.getClassLoader());
    return new ExpiryCalculator(config.getExpiryPolicyFactory().create());
  }

  static CacheDescription describe(CirrusClient client, String cache) {
    return client.describeCache(cache).orElseThrow(() -> noSuchCache(cache));
  }

  static CliException noSuchCache(String cache) {
    return new CliException(ExitCode.NO_SUCH_CACHE, "Cache '" + cache + "' does not exist for"
        + " this token's account; list the caches with `cirrus cache list` or create it with"
        + " `cirrus cache create " + cache + "`");
  }
}
