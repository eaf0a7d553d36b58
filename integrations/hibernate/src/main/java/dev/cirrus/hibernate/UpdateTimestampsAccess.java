package dev.cirrus.hibernate;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import javax.cache.Cache;
import org.hibernate.cache.jcache.internal.JCacheAccessImpl;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The update-timestamps region, made safe for a cache that can lose entries.
 *
 * <p>Hibernate's query cache serves a cached result unless a table it read was updated after the
 * result was cached, and it reads a missing update timestamp as "never updated"
 * ({@code TimestampsCacheEnabledImpl}). With a local cache that is true only at startup. On a
 * Cirrus server a timestamp can go while the results it guards stay: the server evicts entries of
 * any cache once it reaches its memory budget, someone may clear the region, or a client created
 * it with an expiry. Here a missing timestamp therefore means "updated just now": the reader
 * writes the current timestamp (put-if-absent, so a real update racing with it wins), and results
 * cached before that are read from the database once more instead of being served stale.
 *
 * <p>So that a fresh region does not make the first cached results look stale, {@link #seed} gives
 * the tables a SessionFactory maps a timestamp when it starts.
 */
final class UpdateTimestampsAccess extends JCacheAccessImpl {

  private final LongSupplier clock;

  /**
   * @param clock Hibernate's timestamp source ({@code RegionFactory#nextTimestamp}), the one that
   *     stamps transactions and cached query results
   */
  UpdateTimestampsAccess(Cache<Object, Object> cache, LongSupplier clock) {
    super(cache);
    this.clock = clock;
  }

  @Override
  public Object getFromCache(Object key, SharedSessionContractImplementor session) {
    Object timestamp = getUnderlyingCache().get(key);
    return timestamp != null ? timestamp : markUpdatedNow(key);
  }

  /** Gives each table without an update timestamp the current one; returns how many it gave. */
  int seed(Set<String> tables) {
    Map<Object, Object> present = getUnderlyingCache().getAll(Collections.unmodifiableSet(tables));
    int seeded = 0;
    for (String table : tables) {
      if (!present.containsKey(table) && getUnderlyingCache().putIfAbsent(table, clock.getAsLong())) {
        seeded++;
      }
    }
    return seeded;
  }

  /** The tables (Hibernate's "query spaces") whose updates the query cache tracks. */
  static Set<String> tablesOf(SessionFactoryImplementor sessionFactory) {
    Set<String> tables = new TreeSet<>();
    sessionFactory.getMappingMetamodel().forEachEntityDescriptor(entity -> {
      for (Serializable space : entity.getQuerySpaces()) {
        if (space instanceof String table) {
          tables.add(table);
        }
      }
    });
    sessionFactory.getMappingMetamodel().forEachCollectionDescriptor(
        collection -> Collections.addAll(tables, collection.getCollectionSpaces()));
    return tables;
  }

  private Object markUpdatedNow(Object table) {
    Long now = clock.getAsLong();
    if (getUnderlyingCache().putIfAbsent(table, now)) {
      return now;
    }
    Object raced = getUnderlyingCache().get(table);
    return raced != null ? raced : now;
  }
}
