package dev.cirrus.jcache.config;

import dev.cirrus.jcache.near.NearCacheSettings;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache {@link MutableConfiguration} with Cirrus's own settings: the near cache and what to do
 * while the server is unreachable.
 *
 * <pre>{@code
 * CirrusConfiguration<String, Order> config = new CirrusConfiguration<String, Order>()
 *     .nearCache(NearCacheSettings.ofMaxSize(10_000).withExpireAfterWrite(Duration.ofMinutes(5)));
 * config.setTypes(String.class, Order.class);
 * Cache<String, Order> orders = manager.createCache("orders", config);
 * }</pre>
 *
 * Any other {@code Configuration} works too; it simply has no near cache unless the config file
 * gives the cache one.
 */
public class CirrusConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  private NearCacheSettings nearCache = NearCacheSettings.DISABLED;
  private OnUnavailable onUnavailable = OnUnavailable.FAIL;

  public CirrusConfiguration() {}

  /** A copy of {@code configuration}, including its near-cache settings if it has any. */
  public CirrusConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof CirrusConfiguration<K, V> cirrus) {
      this.nearCache = cirrus.nearCache;
      this.onUnavailable = cirrus.onUnavailable;
    }
  }

  public NearCacheSettings getNearCache() {
    return nearCache;
  }

  /** Sets the near cache; {@link NearCacheSettings#DISABLED} turns it off. */
  public CirrusConfiguration<K, V> nearCache(NearCacheSettings settings) {
    this.nearCache = Objects.requireNonNull(settings, "settings");
    return this;
  }

  public OnUnavailable getOnUnavailable() {
    return onUnavailable;
  }

  /** What the cache does while the server cannot be reached; see {@link OnUnavailable}. */
  public CirrusConfiguration<K, V> onUnavailable(OnUnavailable mode) {
    this.onUnavailable = Objects.requireNonNull(mode, "mode");
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return super.equals(other)
        && (!(other instanceof CirrusConfiguration<?, ?> c)
            || (nearCache.equals(c.nearCache) && onUnavailable == c.onUnavailable));
  }

  @Override
  public int hashCode() {
    return 31 * (31 * super.hashCode() + nearCache.hashCode()) + onUnavailable.hashCode();
  }
}
