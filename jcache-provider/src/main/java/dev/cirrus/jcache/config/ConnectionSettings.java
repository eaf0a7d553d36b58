package dev.cirrus.jcache.config;

import java.time.Duration;

/**
 * The server a CacheManager talks to and how long it waits for it, as resolved from its URI, its
 * properties, the config file and the environment ({@code CirrusCacheManager.configuration()}).
 */
public interface ConnectionSettings {

  /** The server: {@code cirrus://host:port} or {@code cirrus+tls://host:port}. */
  Endpoint endpoint();

  /** {@code cirrus.call-timeout}: the deadline of every call. */
  Duration callTimeout();

  /** {@code cirrus.connect-timeout}. */
  Duration connectTimeout();
}
