package dev.cirrus.jcache.config;

/**
 * What a cache does while the server cannot be reached ({@code on-unavailable} in the config
 * file).
 */
public enum OnUnavailable {
  /** Operations fail with a CacheException naming the server (the default). */
  FAIL,
  /**
   * The cache behaves like an empty one, so the application keeps working on its source of truth:
   * reads are misses (read-through still loads from the CacheLoader), and writes and removals are
   * skipped with a logged warning. Use it only where a missing or briefly stale entry is
   * acceptable: changes made during the outage do not reach the server.
   */
  MISS
}
