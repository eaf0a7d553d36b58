/**
 * Provider configuration: the CacheManager URI, the config file it may name, CacheManager
 * properties, system properties and environment variables, resolved once into immutable records.
 * A bad key or value fails the CacheManager's start with a message naming it.
 */
package dev.cirrus.jcache.internal.config;
