package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/**
 * The key of one entry in the shared Caffeine map: the owning cache (compared by identity, so a
 * deleted and re-created cache never sees the old one's entries) and the key bytes.
 */
record EntryKey(CacheSlot slot, ByteString key) {}
