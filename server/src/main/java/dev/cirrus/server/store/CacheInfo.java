package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;

/** A cache's description: the client's stored configuration bytes, creation time and size. */
public record CacheInfo(
    CacheId id, ByteString clientConfig, long createdAtMillis, long entryCount, long weightBytes) {
  public CacheInfo {
    requireNonNull(id, "id");
    requireNonNull(clientConfig, "clientConfig");
  }
}
