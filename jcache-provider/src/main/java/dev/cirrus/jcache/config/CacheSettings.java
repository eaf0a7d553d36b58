package dev.cirrus.jcache.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The per-cache settings a config file may give, under {@code cirrus.default.} for every cache or
 * {@code cirrus.cache.<name>.} for one. A null field is "not set here".
 *
 * @param expiryTtl {@code expiry.ttl}
 * @param expiryKind {@code expiry.policy}: what the TTL counts from (default created)
 * @param statistics {@code statistics}
 * @param management {@code management}
 */
public record CacheSettings(
    Duration expiryTtl, ExpiryKind expiryKind, Boolean statistics, Boolean management) {

  public static final CacheSettings NONE = new CacheSettings(null, null, null, null);

  /** The setting names, longest first so that suffix matching is unambiguous. */
  static final Set<String> NAMES = Set.of("expiry.ttl", "expiry.policy", "statistics", "management");

  /** These settings with {@code overrides} applied on top. */
  public CacheSettings with(CacheSettings overrides) {
    return new CacheSettings(
        overrides.expiryTtl != null ? overrides.expiryTtl : expiryTtl,
        overrides.expiryKind != null ? overrides.expiryKind : expiryKind,
        overrides.statistics != null ? overrides.statistics : statistics,
        overrides.management != null ? overrides.management : management);
  }

  CacheSettings withSetting(String key, String setting, String value) {
    switch (setting) {
      case "expiry.ttl":
        return new CacheSettings(Durations.parse(key, value), expiryKind, statistics, management);
      case "expiry.policy":
        return new CacheSettings(expiryTtl, ExpiryKind.parse(key, value), statistics, management);
      case "statistics":
        return new CacheSettings(expiryTtl, expiryKind, parseBoolean(key, value), management);
      case "management":
        return new CacheSettings(expiryTtl, expiryKind, statistics, parseBoolean(key, value));
      default:
        throw new ConfigException("Unknown Cirrus cache setting '" + setting + "' in key '" + key
            + "'; known settings: " + String.join(", ", NAMES));
    }
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
}
