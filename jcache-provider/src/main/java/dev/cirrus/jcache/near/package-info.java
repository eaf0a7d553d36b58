/**
 * The near cache's settings ({@link dev.cirrus.jcache.near.NearCacheSettings}), given per cache in
 * a {@code CirrusConfiguration} or the config file. The near cache itself is internal
 * ({@code dev.cirrus.jcache.internal.near}).
 */
package dev.cirrus.jcache.near;
