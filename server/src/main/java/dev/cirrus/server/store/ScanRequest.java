package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;

/**
 * A request for the next scan page: an empty cursor starts a new scan; a {@code limit} of 0 or less asks
 * for the backend's default page size. The page ends early, after at least one entry, before its
 * entries' {@link AnswerBytes} would pass {@code maxBytes} (0 or less: no bound of bytes).
 */
public record ScanRequest(
    ByteString cursor, int limit, boolean includeValues, TtlSpec accessTtl, long maxBytes) {
  public ScanRequest {
    requireNonNull(cursor, "cursor");
    requireNonNull(accessTtl, "accessTtl");
  }
}
