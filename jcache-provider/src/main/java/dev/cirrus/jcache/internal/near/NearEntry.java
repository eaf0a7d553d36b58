package dev.cirrus.jcache.internal.near;

import com.google.protobuf.ByteString;

/**
 * What the near cache holds for a key: the value bytes with the version they belong to, or a
 * tombstone recording that the key changed at {@code version}, which keeps a slower read that
 * started earlier from filling in an older value.
 *
 * <p>The first hit decodes the bytes and may {@link #keep} what it decoded (an immutable value, to
 * be shared; a byte[], to be cloned for each later hit): the bytes are then dropped, and later
 * hits read one object instead of the bytes behind their view. Racy but benign: every decoding
 * is equal.
 */
public final class NearEntry {

  private final boolean tombstone;
  private final long version;
  private final long deadlineNanos;
  private final boolean removal;
  /** The value's bytes until a decoded form is kept; written after {@link #decoded}. */
  private volatile ByteString value;
  private volatile Object decoded;

  /**
   * @param deadlineNanos the near cache's ticker time after which the entry must not be served
   * @param removal for a tombstone: the entry of {@code version} was removed, so not even that
   *     version may be filled in; otherwise {@code version} was written and may still be filled
   */
  NearEntry(ByteString value, long version, long deadlineNanos, boolean removal) {
    this.tombstone = value == null;
    this.value = value;
    this.version = version;
    this.deadlineNanos = deadlineNanos;
    this.removal = removal;
  }

  /**
   * The value's bytes, or null once a decoded form is kept: read {@link #decoded} first, and
   * again when this is null.
   */
  public ByteString value() {
    return value;
  }

  public long version() {
    return version;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /** The decoded form a hit kept (see the class comment), else null. */
  public Object decoded() {
    return decoded;
  }

  /**
   * Keeps a decoded form for later hits and drops the bytes, which it stands for: an immutable
   * value, or a byte[] that nothing outside this entry holds.
   */
  public void keep(Object decodedForm) {
    decoded = decodedForm;
    value = null;
  }

  boolean isTombstone() {
    return tombstone;
  }

  /** Whether this holding must stay rather than give way to a fill of {@code fillVersion}. */
  boolean supersedes(long fillVersion) {
    return version > fillVersion || (version == fillVersion && (!isTombstone() || removal));
  }
}
