package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;

/**
 * A request for the next scan page: an empty cursor starts a new scan; a {@code limit} of 0 or less asks
 * for the backend's default page size.
 */
public record ScanRequest(ByteString cursor, int limit, boolean includeValues, TtlSpec accessTtl) {
  public ScanRequest {
    requireNonNull(cursor, "cursor");
    requireNonNull(accessTtl, "accessTtl");
  }
}
