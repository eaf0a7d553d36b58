/**
 * The optional near cache: a bounded Caffeine copy of hot entries in this JVM, so a hit costs a
 * local lookup while the server stays the source of truth. It is filled by reads and by this
 * client's writes and invalidated by the cache's change stream. It serves only while that stream is
 * confirmed live (heartbeats within the staleness bound), so it never serves an entry the server
 * changed longer ago than the bound; when the stream breaks it is cleared and refilled after the
 * stream is back.
 */
package dev.cirrus.jcache.internal.near;
