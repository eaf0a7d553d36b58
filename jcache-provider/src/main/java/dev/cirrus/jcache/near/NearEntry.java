package dev.cirrus.jcache.near;

import com.google.protobuf.ByteString;

/**
 * What the near cache holds for a key: the value bytes (decoded afresh on every hit, so callers
 * get copies) with the version they belong to, or a tombstone recording that the key changed at
 * {@code version}, which keeps a slower read that started earlier from filling in an older value.
 *
 * @param deadlineNanos {@code System.nanoTime()} after which the entry must not be served
 * @param removal for a tombstone: the entry of {@code version} was removed, so not even that
 *     version may be filled in; otherwise {@code version} was written and may still be filled
 */
public record NearEntry(ByteString value, long version, long deadlineNanos, boolean removal) {

  boolean isTombstone() {
    return value == null;
  }

  /** Whether this holding must stay rather than give way to a fill of {@code fillVersion}. */
  boolean supersedes(long fillVersion) {
    return version > fillVersion || (version == fillVersion && (!isTombstone() || removal));
  }
}
