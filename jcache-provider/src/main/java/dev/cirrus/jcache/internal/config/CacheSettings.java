package dev.cirrus.jcache.internal.config;

import dev.cirrus.jcache.config.ExpiryKind;
import dev.cirrus.jcache.config.OnUnavailable;
import dev.cirrus.jcache.near.NearCacheSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The per-cache settings a config file may give, under {@code cirrus.default.} for every cache or
 * {@code cirrus.cache.<name>.} for one. A null field is "not set here".
 *
 * @param expiryTtl {@code expiry.ttl}; {@link Duration#ZERO} stands for {@code eternal}
 * @param expiryKind {@code expiry.policy}: what the TTL counts from (default created)
 * @param statistics {@code statistics}
 * @param management {@code management}
 * @param nearCacheMaxSize {@code near-cache.max-size}: entries kept in this JVM (0 turns it off)
 * @param nearCacheExpireAfterWrite {@code near-cache.expire-after-write}
 * @param nearCacheStaleness {@code near-cache.staleness}
 * @param onUnavailable {@code on-unavailable}: {@code fail} or {@code miss}
 */
public record CacheSettings(
    Duration expiryTtl,
    ExpiryKind expiryKind,
    Boolean statistics,
    Boolean management,
    Long nearCacheMaxSize,
    Duration nearCacheExpireAfterWrite,
    Duration nearCacheStaleness,
    OnUnavailable onUnavailable) {

  public static final CacheSettings NONE =
      new CacheSettings(null, null, null, null, null, null, null, null);

  static final Set<String> NAMES = Set.of("expiry.ttl", "expiry.policy", "statistics", "management",
      "near-cache.max-size", "near-cache.expire-after-write", "near-cache.staleness", "on-unavailable");

  /** These settings with {@code overrides} applied on top. */
  public CacheSettings with(CacheSettings o) {
    return new CacheSettings(
        o.expiryTtl != null ? o.expiryTtl : expiryTtl,
        o.expiryKind != null ? o.expiryKind : expiryKind,
        o.statistics != null ? o.statistics : statistics,
        o.management != null ? o.management : management,
        o.nearCacheMaxSize != null ? o.nearCacheMaxSize : nearCacheMaxSize,
        o.nearCacheExpireAfterWrite != null ? o.nearCacheExpireAfterWrite : nearCacheExpireAfterWrite,
        o.nearCacheStaleness != null ? o.nearCacheStaleness : nearCacheStaleness,
        o.onUnavailable != null ? o.onUnavailable : onUnavailable);
  }

  /** The near cache these settings ask for, applied over {@code base}; {@code base} when none is set. */
  public NearCacheSettings nearCache(NearCacheSettings base) {
    if (nearCacheMaxSize == null && nearCacheExpireAfterWrite == null && nearCacheStaleness == null) {
      return base;
    }
    return new NearCacheSettings(
        nearCacheMaxSize != null ? nearCacheMaxSize : base.maxSize(),
        nearCacheExpireAfterWrite != null ? nearCacheExpireAfterWrite : base.expireAfterWrite(),
        nearCacheStaleness != null ? nearCacheStaleness : base.staleness());
  }

  CacheSettings withSetting(String key, String setting, String value) {
    CacheSettings one;
    switch (setting) {
      case "expiry.ttl":
        one = new CacheSettings(ttl(key, value), null, null, null, null, null, null, null);
        break;
      case "expiry.policy":
        one = new CacheSettings(null, expiryKind(key, value), null, null, null, null, null, null);
        break;
      case "statistics":
        one = new CacheSettings(null, null, parseBoolean(key, value), null, null, null, null, null);
        break;
      case "management":
        one = new CacheSettings(null, null, null, parseBoolean(key, value), null, null, null, null);
        break;
      case "near-cache.max-size":
        one = new CacheSettings(null, null, null, null, parseSize(key, value), null, null, null);
        break;
      case "near-cache.expire-after-write":
        one = new CacheSettings(null, null, null, null, null, positive(key, value), null, null);
        break;
      case "near-cache.staleness":
        Duration staleness = positive(key, value);
        if (staleness.toMillis() < 100) {
          throw new ConfigException(key, value, "a duration of at least 100ms");
        }
        one = new CacheSettings(null, null, null, null, null, null, staleness, null);
        break;
      case "on-unavailable":
        one = new CacheSettings(null, null, null, null, null, null, null, parseMode(key, value));
        break;
      default:
        throw new ConfigException("Unknown Cirrus cache setting '" + setting + "' in key '" + key
            + "'; known settings: " + String.join(", ", new java.util.TreeSet<>(NAMES)));
    }
    return with(one);
  }

  static boolean parseBoolean(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new ConfigException(key, value, "true or false");
    }
  }

  /** {@code eternal} is kept as a zero duration: entries never expire. */
  private static Duration ttl(String key, String value) {
    if (value.trim().equalsIgnoreCase("eternal")) {
      return Duration.ZERO;
    }
    Duration d = Durations.parse(key, value);
    if (d.isZero()) {
      throw new ConfigException(key, value, "a positive duration such as 10m, or eternal");
    }
    return d;
  }

  private static ExpiryKind expiryKind(String key, String value) {
    try {
      return ExpiryKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, value, "created, accessed, modified or touched");
    }
  }

  private static OnUnavailable parseMode(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "fail":
        return OnUnavailable.FAIL;
      case "miss":
        return OnUnavailable.MISS;
      default:
        throw new ConfigException(key, value, "fail or miss");
    }
  }

  private static long parseSize(String key, String value) {
    try {
      long n = Long.parseLong(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(key, value, "a whole number of entries, 0 or more (0 turns the near cache off)");
  }

  private static Duration positive(String key, String value) {
    Duration d = Durations.parse(key, value);
    if (d.isZero()) {
      throw new ConfigException(key, value, "a positive duration");
    }
    return d;
  }
}
