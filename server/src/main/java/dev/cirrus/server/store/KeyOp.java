package dev.cirrus.server.store;

/**
 * One operation on one key, run inside the key's atomic step. It receives the stored entry (null if
 * absent, possibly expired), may publish events through its cache, keeps its own result, and returns
 * the entry to store (null to remove).
 */
interface KeyOp {
  StoredEntry apply(StoredEntry current, long now);
}
