package dev.cirrus.jcache.internal.near;

import com.google.protobuf.ByteString;

/**
 * What the near cache holds for a key: the value bytes with the version they belong to, or a
 * tombstone recording that the key changed at {@code version}, which keeps a slower read that
 * started earlier from filling in an older value.
 *
 * <p>Hits decode the bytes afresh, so callers get copies; an immutable value may be decoded once
 * and {@link #share shared} instead (a racy but benign cache: every decoding is equal).
 */
public final class NearEntry {

  private final ByteString value;
  private final long version;
  private final long deadlineNanos;
  private final boolean removal;
  private volatile Object shared;

  /**
   * @param deadlineNanos the near cache's ticker time after which the entry must not be served
   * @param removal for a tombstone: the entry of {@code version} was removed, so not even that
   *     version may be filled in; otherwise {@code version} was written and may still be filled
   */
  NearEntry(ByteString value, long version, long deadlineNanos, boolean removal) {
    this.value = value;
    this.version = version;
    this.deadlineNanos = deadlineNanos;
    this.removal = removal;
  }

  public ByteString value() {
    return value;
  }

  public long version() {
    return version;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /** The decoded value when it is immutable and was decoded before, else null. */
  public Object shared() {
    return shared;
  }

  /** Keeps a decoded immutable value for later hits. */
  public void share(Object decoded) {
    shared = decoded;
  }

  boolean isTombstone() {
    return value == null;
  }

  /** Whether this holding must stay rather than give way to a fill of {@code fillVersion}. */
  boolean supersedes(long fillVersion) {
    return version > fillVersion || (version == fillVersion && (!isTombstone() || removal));
  }
}
