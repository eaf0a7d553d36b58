/**
 * Statistics and management: the per-cache counters behind {@code CacheStatisticsMXBean}, the
 * {@code CacheMXBean} view of a cache's configuration, and their registration under the standard
 * JMX names in the platform MBeanServer.
 */
package dev.cirrus.jcache.internal.management;
