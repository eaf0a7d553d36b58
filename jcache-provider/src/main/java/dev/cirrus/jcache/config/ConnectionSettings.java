package dev.cirrus.jcache.config;

import java.time.Duration;
import java.util.List;

/**
 * The servers a CacheManager talks to and how long it waits for them, as resolved from its URI,
 * its properties, the config file and the environment ({@code CirrusCacheManager.configuration()}).
 */
public interface ConnectionSettings {

  /**
   * The nodes, in the order configured: one for {@code cirrus://host:port}, several for {@code
   * cirrus://h1:7070,h2:7070}. A CacheManager talks to one of them at a time (see {@code
   * CirrusCacheManager.currentEndpoint()}).
   */
  List<Endpoint> endpoints();

  /** The first of {@link #endpoints()}: the server, when only one is configured. */
  default Endpoint endpoint() {
    return endpoints().get(0);
  }

  /** {@code cirrus.call-timeout}: the deadline of every call. */
  Duration callTimeout();

  /** {@code cirrus.connect-timeout}. */
  Duration connectTimeout();
}
