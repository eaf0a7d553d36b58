/**
 * Hibernate's second-level cache on Cirrus. Plain hibernate-jcache
 * ({@code hibernate.cache.region.factory_class=jcache}) works with the Cirrus provider as it is;
 * the region factory registered here as {@code cirrus} adds what a shared remote cache needs: region
 * defaults that keep the query cache correct (update timestamps never expire, and a timestamp the
 * server lost counts as "updated now"), one summary log line instead of a warning per created
 * region, and a CacheManager of its own for each SessionFactory. With either factory, the
 * integrator here declares the mapping's classes to the provider's deserialization allow-list, so
 * entries another JVM cached decode with nothing to configure.
 */
package dev.cirrus.hibernate;
