package dev.cirrus.jcache.internal.codec;

import java.util.Set;

/**
 * The classes that frameworks put in a cache of their own accord, admitted by name whenever the
 * framework is on the class path, so that a reader that never wrote one decodes it with nothing
 * configured and no Cirrus integration present. Named class by class, never a framework's packages
 * wholesale: each is a plain holder of data whose fields are themselves decoded through the
 * filter, and none runs code of the framework when read. What these holders carry of the
 * application's own (an enum of an entity, a parameter of a cached method) is still decided by the
 * allow-list.
 */
final class FrameworkClasses {

  private FrameworkClasses() {}

  static final Set<String> NAMES = Set.of(
      // ---- Spring's cache abstraction ----
      // The marker for a cached null: no fields; readResolve returns the shared instance.
      "org.springframework.cache.support.NullValue",
      // The key of a method with several (or no) parameters: the parameters in an Object[] and
      // their hash, which readObject recomputes from them.
      "org.springframework.cache.interceptor.SimpleKey",

      // ---- Hibernate's second-level cache (the classes Hibernate 7 puts in a region) ----
      // An entity: its state disassembled into a Serializable[] (JDK types, the ids of
      // associations, the application's enums and attribute types), its version and entity name.
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      // A collection: its disassembled elements (ids or values) in one field.
      "org.hibernate.cache.spi.entry.CollectionCacheEntry",
      // Read-write regions wrap an entry with its version and timestamp (Item), or hold a soft
      // lock (a UUID, counters and the version) while a transaction changes it.
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
      // A query-cache result: a record of the timestamp and the rows (ids or column values).
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
      // Keys of entities, collections and natural ids: the id or natural-id values, the entity or
      // role name, the tenant and a hash. Decoded when a cache's keys are read back (iteration).
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.CacheKeyImplementation",
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      // A query-cache key: the SQL, the bound values (the memento below), row limits and filter
      // names; readObject recomputes the hash from those fields.
      "org.hibernate.cache.spi.QueryKey",
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      // Placeholders disassembled state keeps as they are (CacheEntryHelper): a lazy attribute not
      // fetched, and a back-reference not known. Fieldless; readResolve returns the shared marker.
      // Anonymous classes, so named as Hibernate 7 compiles them.
      "org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer$1",
      "org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl$1");
  // Not listed: ReferenceCacheEntryImpl (hibernate.cache.use_reference_entries) holds the entity
  // object itself and its persister, which cannot be serialized, so it never reaches a server.
}
