/**
 * The JCache {@code Cache} façade and the operations behind it. {@link
 * dev.cirrus.jcache.internal.cache.CirrusCache} checks arguments and lifecycle and delegates: {@code Reads}
 * (get, getAll, containsKey, iteration, loadAll), {@code Writes} (put and its conditional forms),
 * {@code Removals}, and {@code Processors} (invoke). They share a {@link
 * dev.cirrus.jcache.internal.cache.CacheContext}: the client (spoken to in its records, never in cirrus.v1
 * messages), the codec, the expiry calculator, the loader and writer, the listeners, the
 * statistics and the ticker of one cache.
 */
package dev.cirrus.jcache.internal.cache;
