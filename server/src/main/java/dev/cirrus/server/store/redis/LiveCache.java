package dev.cirrus.server.store.redis;

import dev.cirrus.server.store.CacheId;

/** A cache as a node knows it: its id, its registry record and where its data lives. */
record LiveCache(CacheId id, CacheRecord record, BucketKeys keys) {
  LiveCache(CacheId id, CacheRecord record) {
    this(id, record, new BucketKeys(record.incarnation()));
  }

  String incarnation() {
    return record.incarnation();
  }
}
