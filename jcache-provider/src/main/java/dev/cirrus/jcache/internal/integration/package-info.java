/**
 * Read-through and write-through: calling the application's {@code CacheLoader} and
 * {@code CacheWriter} in the client, wrapping their failures as the spec asks, and the batch rules
 * (entries a writer leaves in its collection are the ones that failed).
 */
package dev.cirrus.jcache.internal.integration;
