/**
 * What users configure: {@link dev.cirrus.jcache.config.CirrusConfiguration} (a JCache
 * configuration with Cirrus's near cache and {@link dev.cirrus.jcache.config.OnUnavailable}), the
 * {@link dev.cirrus.jcache.config.ExpiryKind} a configured TTL counts from, and what a CacheManager
 * was resolved to ({@link dev.cirrus.jcache.config.ConnectionSettings}, {@link
 * dev.cirrus.jcache.config.Endpoint}). How URIs, files, properties and the environment are resolved
 * is internal ({@code dev.cirrus.jcache.internal.config}).
 */
package dev.cirrus.jcache.config;
