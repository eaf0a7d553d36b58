/**
 * The MXBean interfaces Cirrus adds to JCache's own ({@code CacheMXBean},
 * {@code CacheStatisticsMXBean}): a CacheManager's codec ({@code dev.cirrus:type=Codec}) and a
 * cache's near cache ({@code dev.cirrus:type=NearCache}). Their implementations and the
 * registration are internal ({@code dev.cirrus.jcache.internal.management}).
 */
package dev.cirrus.jcache.management;
