package dev.cirrus.server.store;

import com.google.protobuf.ByteString;
import java.util.List;

/** One page of a scan; {@code nextCursor} is empty when the scan is complete. */
public record ScanPage(List<ScanEntry> entries, ByteString nextCursor) {
  public ScanPage {
    entries = List.copyOf(entries);
  }
}
