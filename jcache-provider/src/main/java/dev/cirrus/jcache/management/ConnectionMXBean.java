package dev.cirrus.jcache.management;

import java.util.List;

/**
 * Which server one CacheManager talks to, registered as
 * {@code dev.cirrus:type=Connection,CacheManager=<uri>}.
 */
public interface ConnectionMXBean {
  /** The node calls go to now, {@code cirrus://host:port}. */
  String getCurrentEndpoint();

  /** Every node configured, in the order written. */
  List<String> getEndpoints();

  /** How many times the manager moved to another node because its node did not answer. */
  long getFailovers();
}
