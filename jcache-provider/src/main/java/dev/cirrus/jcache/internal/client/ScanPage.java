package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * One page of a cache's entries, in the server's order.
 *
 * @param nextCursor where the next page starts; empty after the last page
 */
public record ScanPage(List<Entry> entries, ByteString nextCursor) {

  /** @param value empty unless values were asked for */
  public record Entry(ByteString key, ByteString value, long version) {}

  public boolean last() {
    return nextCursor.isEmpty();
  }
}
