package dev.cirrus.server.store;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * How many bytes the answer to a read, write or removal carries: its values (a live value, an
 * expired one, a previous one) plus {@link #ITEM_OVERHEAD} for the rest. Measured on the results,
 * before any door turns them into messages, so an answer too large to send is refused before a
 * byte of it is copied: results only share the stored values.
 */
public final class AnswerBytes {
  /**
   * Bytes per item besides its values and key: field tags, length prefixes, version, flags and
   * times. Generous (a cirrus.v1 ReadResult without its value is at most ~30 bytes) so the count
   * is never below what is sent.
   */
  public static final int ITEM_OVERHEAD = 64;

  private AnswerBytes() {}

  public static long reads(List<ReadResult> results) {
    long bytes = 0;
    for (ReadResult r : results) {
      bytes += ITEM_OVERHEAD + size(r.value()) + expired(r.expired());
    }
    return bytes;
  }

  public static long writes(List<WriteResult> results) {
    long bytes = 0;
    for (WriteResult r : results) {
      bytes += ITEM_OVERHEAD + size(r.previousValue()) + expired(r.expired());
    }
    return bytes;
  }

  public static long removals(List<RemoveResult> results) {
    long bytes = 0;
    for (RemoveResult r : results) {
      bytes += ITEM_OVERHEAD + size(r.previousValue()) + expired(r.expired());
    }
    return bytes;
  }

  /** One scan entry: its key, its value when values were asked for, and the overhead. */
  public static long scanEntry(ByteString key, ByteString value) {
    return ITEM_OVERHEAD + key.size() + size(value);
  }

  private static long expired(ExpiredEntry expired) {
    return expired == null ? 0 : expired.value().size();
  }

  private static long size(ByteString value) {
    return value == null ? 0 : value.size();
  }
}
