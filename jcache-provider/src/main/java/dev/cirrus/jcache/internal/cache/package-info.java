/**
 * The JCache {@code Cache} façade and the operations behind it. {@link
 * dev.cirrus.jcache.internal.cache.CirrusCache} checks arguments and lifecycle and delegates:
 * {@code Reads} (get, getAll, containsKey, loadAll), {@code EntryIterator}, {@code Writes} (put and
 * its conditional forms), {@code Removals}, {@code Processors} (invoke) and {@code FailOpen}
 * ({@code on-unavailable=miss}).
 *
 * <p>A cache's parts, one per concern, are built once ({@code CacheParts}) and each operation keeps
 * the ones it uses in its own fields: {@code Encoding} (keys and values to bytes and back), {@code
 * NearPolicy} (when the near cache is looked up, filled and emptied), {@code EventFiring} (entry
 * events from the server's answers), {@code StatsRecorder} (statistics), {@code ExpiryFollowUp}
 * (a custom expiry policy's answers applied after a call), the expiry calculator, the loader and
 * writer, and the client, spoken to in its records, never in cirrus.v1 messages. {@code
 * CacheMBeans} holds the statistics and management switches and their MXBeans.
 */
package dev.cirrus.jcache.internal.cache;
