package dev.cirrus.jcache.internal.config;

import javax.cache.CacheException;

/** A configuration key or value the provider cannot use. */
public final class ConfigException extends CacheException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  ConfigException(String key, String value, String allowed) {
    super("Cirrus configuration key '" + key + "' has the value '" + value + "'; allowed: " + allowed);
  }
}
